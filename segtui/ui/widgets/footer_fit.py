"""Which keys the footer shows, so they fit the terminal's width instead of being cut off at its edge."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from textual.binding import ActiveBinding, Binding
from textual.screen import Screen
from textual.widgets import Footer

PALETTE_WIDTH = 12
"""The footer's `^p palette` key at its right end."""


def _key_width(binding: Binding, key_display: Callable[[Binding], str]) -> int:
    """Cells a footer key takes: ` KEY DESCRIPTION `."""
    return len(key_display(binding)) + len(binding.description) + 3


@dataclass(frozen=True)
class FooterFit:
    """The keys with those the footer has no room for hidden, and whether the palette's key has room."""

    bindings: dict[str, ActiveBinding]
    palette: bool


def fit_footer(bindings: dict[str, ActiveBinding], width: int, drop_order: tuple[str, ...],
               key_display: Callable[[Binding], str]) -> FooterFit:
    """`bindings` with the ones named in `drop_order` (binding ids, first dropped first) hidden until the rest fit.

    A key dropped early comes back when dropping a wider one after it left room for it, most needed first, so the
    footer does not end in blank cells a key would fit. Hidden keys still work; F1 and the command palette list them.
    Where the keys left still do not fit (a terminal ~45 columns wide), the palette's key goes (hidden by the footer, so
    F1 still lists it), then keys from the right: drawn, they were cut at the edge and under the palette's key.
    """
    shown = {active.binding.action: active.binding for active in bindings.values() if active.binding.show}
    needed = PALETTE_WIDTH + sum(_key_width(binding, key_display) for binding in shown.values())
    dropped: list[tuple[str, int]] = []
    for binding_id in drop_order:
        if needed <= width:
            break
        binding = next((binding for binding in shown.values() if binding.id == binding_id), None)
        if binding is not None:
            dropped.append((binding_id, _key_width(binding, key_display)))
            needed -= dropped[-1][1]
    hidden = {binding_id for binding_id, _ in dropped}
    for binding_id, key_width in reversed(dropped):
        if needed + key_width <= width:
            hidden.discard(binding_id)
            needed += key_width
    palette = needed <= width
    needed -= 0 if palette else PALETTE_WIDTH
    left = [binding for binding in shown.values() if binding.id not in hidden]
    cut: set[str] = set()
    while needed > width and left:
        needed -= _key_width(left[-1], key_display)
        cut.add(left.pop().action)
    return FooterFit({key: active._replace(binding=replace(active.binding, show=False))
                      if active.binding.id in hidden or active.binding.action in cut else active
                      for key, active in bindings.items()}, palette)


class SteadyFooter(Footer):
    """Textual's footer, composed anew only when the keys it shows changed: Textual's rebuilds every key (each mounted
    and styled again) whenever the screen's bindings may have changed, on each focus change and each refresh_bindings."""

    _shown: tuple[object, ...] | None = None
    """What the footer last composed (`_keys`), or None before its bindings were ready."""

    def _keys(self) -> tuple[object, ...]:
        """What compose reads: each key shown, as it is drawn and whether it works, and the palette's key."""
        bindings = self.screen.active_bindings  # first: it tells the footer whether the palette's key fits
        keys = tuple((binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                      binding.group, enabled, tooltip) for _, binding, enabled, tooltip in bindings.values() if binding.show)
        palette = bindings.get(self.app.COMMAND_PALETTE_BINDING)
        return keys, self.show_command_palette, self.app.ENABLE_COMMAND_PALETTE, palette and palette[1:]

    async def recompose(self) -> None:
        """Compose the footer anew only when what it would draw differs from what it drew (tests/ui/
        test_textual_internals.py checks that Footer.compose reads nothing else)."""
        keys = self._keys() if self._bindings_ready and self.is_attached else None
        if keys is None or keys != self._shown:
            self._shown = keys
            await super().recompose()


def fitted_footer(screen: Screen[Any], bindings: dict[str, ActiveBinding],
                  drop_order: tuple[str, ...]) -> dict[str, ActiveBinding]:
    """The screen's `bindings` fitted to its width (fit_footer), its footer told whether the palette's key fits: the
    footer reads that right after these bindings, as it composes its keys."""
    fit = fit_footer(bindings, screen.size.width, drop_order, screen.app.get_key_display)
    for footer in screen.query(Footer):
        footer.set_reactive(Footer.show_command_palette, fit.palette)
    return fit.bindings
