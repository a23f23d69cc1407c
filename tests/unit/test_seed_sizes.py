"""Seed sizes: the core's counts and the counts plugins declare."""
import pluggy
import pytest

from cc_core import api, hookspecs
from cc_core.seed import seed_counts

ARTICLES = api.SeedCount("widget_articles", 1000, "articles")
PER_ARTICLE = api.SeedCount("widget_notes_per_article", 5, "notes per article", scales=False)


def test_a_plugin_count_is_its_default_until_set():
    sizes = api.SeedSizes()
    assert sizes.of(ARTICLES) == 1000 and sizes.of(PER_ARTICLE) == 5
    assert sizes.with_counts(widget_articles=7).of(ARTICLES) == 7


def test_scale_multiplies_counts_but_not_ratios_nor_counts_set_outright():
    sizes = api.SeedSizes().scaled(0.01)
    assert (sizes.companies, sizes.persons) == (100, 1000)
    assert sizes.of(ARTICLES) == 10 and sizes.of(PER_ARTICLE) == 5
    assert sizes.with_counts(widget_articles=3).of(ARTICLES) == 3
    assert api.SeedSizes().scaled(0.000001).of(ARTICLES) == 1


def _manager(*plugins):
    pm = pluggy.PluginManager("cc")
    pm.add_hookspecs(hookspecs)
    for name, plugin in plugins:
        pm.register(plugin, name=name)
    return pm


class _Widgets:
    @api.hookimpl
    def cc_seed_counts(self):
        return [ARTICLES, PER_ARTICLE]


class _Clash:
    @api.hookimpl
    def cc_seed_counts(self):
        return [api.SeedCount("widget_articles", 1, "the same name again")]


def test_counts_are_collected_by_name():
    assert seed_counts(_manager(("widgets", _Widgets()))) == {"widget_articles": ARTICLES,
                                                               "widget_notes_per_article": PER_ARTICLE}


def test_a_name_declared_twice_names_the_plugin():
    with pytest.raises(ValueError, match="'clash'|'widgets'"):
        seed_counts(_manager(("widgets", _Widgets()), ("clash", _Clash())))
