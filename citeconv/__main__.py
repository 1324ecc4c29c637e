"""``python -m citeconv``."""

from citeconv.cli import main

if __name__ == "__main__":
    main()
