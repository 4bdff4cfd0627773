"""Layout profiles: how the rows of a layout that is not the contract's become its charges.

A profile (a small TOML file, model.py) replaces the header-mapping layer only: the bytes, text and
physical rows below it are read as for any file, within the same limits. `formats.open_rows` stays
the one way in; it reads a profile that is only a header map with the contract reader
(delimited.py), at its speed, and any other with `reader.ProfiledRows`.

- model.py: the profile; loader.py: built-in profiles (builtin/*.toml) and files;
- compose.py: fields from columns, joins, chains, constants, settings and shapes;
- dates.py: the layout's date forms, two-digit years never in the future;
- tables.py: coded values read as the reference's words, the rest counted, never guessed;
- charges.py: several rows, one charge; fit.py and inspect.py: which profile fits a file.
"""

from .loader import BUILTIN, DEFAULT, ProfileError, builtin_profile, builtin_profiles, load_profile
from .model import Profile

__all__ = ["BUILTIN", "DEFAULT", "Profile", "ProfileError", "builtin_profile", "builtin_profiles", "load_profile"]
