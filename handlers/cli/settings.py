"""`emptychair settings ...`: per-workspace switches."""

from __future__ import annotations

import click

from handlers.cli.app import cli, emit_json, json_option, state_of


@cli.group()
def settings() -> None:
    """Show and change this workspace's settings.

    \b
    Example:
      emptychair settings llm off
    """


@settings.command("llm")
@click.argument("state", required=False, type=click.Choice(["on", "off"]))
@json_option
@click.pass_context
def llm_cmd(ctx: click.Context, state: str | None, as_json: bool) -> None:
    """Switch model-written answers on or off for this workspace (no STATE: show it).

    Only takes effect where a model is configured (EMPTYCHAIR_LLM_BASE_URL and
    EMPTYCHAIR_LLM_MODEL); off means no question of this workspace is sent to it.

    \b
    Example:
      emptychair --tenant slack:T0123 settings llm off
    """
    ws = state_of(ctx).workspace()
    if state is not None:
        ws.set_llm_enabled(state == "on")
    llm = ws.settings.llm
    status = {
        "tenant": ws.tenant,
        "llm": "on" if ws.llm_switched_on() else "off",
        "configured": llm is not None,
        "model": llm.model if llm else None,
        "calls_today": ws.llm_calls_today(),
        "daily_limit": llm.daily_limit if llm else None,
    }
    if as_json:
        emit_json(status)
        return
    click.echo(f"Model-written answers for {ws.tenant}: {status['llm']}")
    if llm is None:
        click.echo("No model is configured (set EMPTYCHAIR_LLM_BASE_URL and EMPTYCHAIR_LLM_MODEL).")
    else:
        used = status["calls_today"]
        click.echo(f"Model: {llm.model}; calls today: {used} of {llm.daily_limit}.")
