"""Chinese for the OCA helpdesk modules quality_ops is built on, until they
carry their own.

quality_ops ships ``i18n/<module>/<lang>.po`` for helpdesk_mgmt,
helpdesk_mgmt_rating and helpdesk_mgmt_project. Odoo reads a module's terms
only from that module's own ``i18n`` folders, so two hooks add ours:

- terms stored in the database (field labels, views, stages, menus, mail
  templates: entries keyed by the upstream module's xmlids) are loaded after
  Odoo's own files, whenever Odoo loads the terms of quality_ops or of one of
  those modules (installing or updating a module, installing or updating a
  language), and never over a translation the database already has (the
  upstream's own or one a user made);
- strings of the code (Python ``_()``, JavaScript ``_t``) are read from our
  file first and then from the upstream module's own, so the upstream's win.
"""

import logging

from odoo import api, models
from odoo.tools import file_path
from odoo.tools.translate import (
    CodeTranslations,
    TranslationImporter,
    code_translations,
    get_base_langs,
)

_logger = logging.getLogger(__name__)

SHIPPED = ("helpdesk_mgmt", "helpdesk_mgmt_rating", "helpdesk_mgmt_project")


def shipped_po_paths(module_name, lang):
    """Paths of the files quality_ops ships for ``module_name`` in ``lang``
    (its base language first, as Odoo reads its own)."""
    paths = []
    if module_name not in SHIPPED:
        return paths
    for filename in get_base_langs(lang):
        try:
            paths.append(file_path(f"quality_ops/i18n/{module_name}/{filename}.po"))
        except FileNotFoundError:
            continue
    return paths


_upstream_code_translations = CodeTranslations._get_code_translations


def _get_code_translations(module_name, lang, filter_func):
    translations = {}
    for path in shipped_po_paths(module_name, lang):
        with open(path, "rb") as fileobj:
            translations.update(CodeTranslations._read_code_translations_file(fileobj, filter_func))
    # the upstream module's own translations win over ours
    translations.update(_upstream_code_translations(module_name, lang, filter_func))
    return translations


CodeTranslations._get_code_translations = staticmethod(_get_code_translations)
# read again what this process may have read before quality_ops was imported
for _cache in (code_translations.python_translations, code_translations.web_translations):
    for _key in [key for key in _cache if key[0] in SHIPPED]:
        del _cache[_key]


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    @api.model
    def _load_module_terms(self, modules, langs, overwrite=False):
        super()._load_module_terms(modules, langs, overwrite=overwrite)
        if not ("quality_ops" in modules or set(SHIPPED) & set(modules)):
            return
        installed = set(
            self.sudo()
            .search(
                [
                    ("name", "in", SHIPPED),
                    ("state", "in", ("installed", "to install", "to upgrade")),
                ]
            )
            .mapped("name")
        )
        importer = TranslationImporter(self.env.cr, verbose=False)
        for module_name in SHIPPED:
            if module_name not in installed:
                continue
            for lang in langs:
                for path in shipped_po_paths(module_name, lang):
                    _logger.info("module %s: loading %s for language %s", module_name, path, lang)
                    importer.load_file(path, lang)
        # never over an existing translation, whatever ``overwrite`` says
        importer.save(overwrite=False)

    @api.model
    def _quality_load_own_terms(self):
        """The terms of quality_ops in every active language, at once.

        Odoo loads a module's terms after its data and demo data: the
        records' creation lines would name their model in English ("Quality
        Plan 创建"). The first data file calls this at install."""
        langs = self.env["res.lang"].search([("active", "=", True), ("code", "!=", "en_US")])
        if langs:
            self._load_module_terms(["quality_ops"], langs.mapped("code"))
