"""Content-Security-Policy (django-csp), the same in every environment so that tests and
`make run` meet the policy production sends.

Scripts and styles come only from our own static files: no inline <script>, no on*="" handler, no
style="" attribute (tests/test_csp_sources.py). img-src allows data: because Bootstrap's CSS draws
its icons (select arrow, checkbox tick, navbar toggler) as data: SVG images. The API docs relax it
for themselves only (pokja/api/docs.py).
"""

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "report-uri": ["/csp-laporan/"],
    },
}
# The report endpoint (pokja/views/csp_report.py): the largest body read. The reports per minute
# logged from one address (CSP_REPORT_PER_MINUTE) come from the environment, in base.py.
CSP_REPORT_MAX_BYTES = 8 * 1024
