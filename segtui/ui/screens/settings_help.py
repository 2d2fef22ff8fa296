"""The Settings Builder's help (F1)."""

SETTINGS_HELP = """\
## Settings
The settings the handler receives as its second argument. **Declared** ones are in `segtui.json`
beside the handler (or in a `.tf` file's `settings` list); **used by the handler** lists those the handler reads (segtui finds them in
its code) that nobody declared; then values that nothing uses (once settings are declared, a run is refused while one
is set, as a typo of a declared name: remove it, or declare it with **Edit**). Required settings are marked `*`
(a run is refused while one is empty); sensitive ones are masked here and everywhere segtui shows
output (a set secret shows as a fixed-length mask: leave it empty to keep it, type to replace it; started with
--reveal-secrets, **Reveal secrets** shows them as text).

**enter** in a value goes on to the next setting's value. **Add setting** declares a new one; **Edit** changes a declaration (label, name, type,
description, required, sensitive); **Remove** drops it and its value, once you confirm. **ctrl+s** saves
`segtui.json` (or the `.tf` file's settings) and the values file (creating them if needed) and runs the event again; a setting
the handler reads gets declared as soon as it has a value. **escape** closes without saving (after something changed, a
second escape).

With more than 25 settings the form shows 25 at a time: type in the search box above it to find one by name or label
(every word typed), or press **Show more** at its end; what you typed into a setting is kept while it is not shown.
"""
