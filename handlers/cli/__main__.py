"""`python -m handlers.cli` is the same as the `emptychair` command."""

from handlers.cli import main

if __name__ == "__main__":
    main()
