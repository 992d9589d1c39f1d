"""Law over time: dated versions of law texts, read offline from a workspace folder.

``pwib law import`` turns consolidated law texts (one file per law and version date) into
snapshots (:mod:`.snapshot`); the citation checks and ``pwib impact`` read them through
:mod:`.store`. A snapshot holds, per article, its number, its leden, a hash of its text and its
references; nothing here depends on the compiler's front end, so the package stays light.
"""
