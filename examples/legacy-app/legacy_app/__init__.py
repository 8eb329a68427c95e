"""legacy-app: a setup.cfg project for the pynix examples."""

import click


@click.command()
def main() -> None:
    click.echo("legacy-app says hello")
