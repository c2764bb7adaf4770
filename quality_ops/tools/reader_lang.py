"""Texts the server writes for someone are written in their language.

A scheduled action runs as the superuser (English) and a transition as
whoever clicks: a note, an activity, a follow-up or a report drafted for
another person is written in that person's language, not in the writer's.
"""


def reader_lang(env, *readers):
    """The language of the first of ``readers`` (users or partners, in the
    order of who reads first) that has one; else the company's; else the
    context's."""
    for reader in readers:
        for record in reader or ():
            if record.lang:
                return record.lang
    return env.company.partner_id.lang or env.lang or "en_US"


def reader_env(env, *readers):
    """``env`` in the language of ``readers`` (see reader_lang): its ``_``
    translates for them."""
    lang = reader_lang(env, *readers)
    return env if env.lang == lang else env(context=dict(env.context, lang=lang))


def model_label(model):
    """The name of ``model`` in the reader's language (the name of its
    ``ir.model``, translated like the menus), not its English description."""
    return model.env["ir.model"].sudo()._get(model._name).name or model._description
