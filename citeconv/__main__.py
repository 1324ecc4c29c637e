"""``python -m citeconv``."""

from citeconv.entry import main

if __name__ == "__main__":
    main()
