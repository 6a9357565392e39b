"""The site's own error: raised where the inputs are readable but the site cannot be made of them.

A missing or malformed input file is an :class:`citydip.core.errors.InputError` (it names the file);
everything else that stops the build (an anchor or a link that cannot be made, a notebook whose
outputs do not match its captions, a Sphinx warning, a page that loads something from another
host) is a :class:`SiteError`. ``python -m citydip.site`` prints either as one line.
"""


class SiteError(Exception):
    """The site cannot be built: one line saying why."""
