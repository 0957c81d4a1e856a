"""The public site's CSS stays within its budget: 30 KB gzipped for every stylesheet together."""

from config.css_budget import BUDGET_BYTES, gzipped_sizes, public_stylesheets


def test_public_pages_link_one_or_two_stylesheets_that_exist():
    sheets = public_stylesheets()
    assert 1 <= len(sheets) <= 2
    assert all(sheet.is_file() for sheet in sheets)


def test_public_css_fits_the_budget_gzipped():
    sizes = gzipped_sizes()
    assert sum(gzipped for _raw, gzipped in sizes.values()) <= BUDGET_BYTES, sizes
