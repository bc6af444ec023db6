"""The floor for bench/run.py: the smallest useful Typer app, printing one line.

Every hmic command is timed against this, run the same way (``python
floor_app.py``, same environment, same pipe or pseudo-terminal), so the ratio
shows what hmic adds to the cost of starting Python and Typer at all.
"""

import typer

app = typer.Typer()


@app.command()
def main() -> None:
    print("hello")


if __name__ == "__main__":
    app()
