"""Smart buttons: how many records point to each record, and the window
action a button opens: a window action narrowed to a domain, one form, a
wizard in a dialog, or a notification."""


def window_action(env, xmlid, domain, context=None):
    """The window action ``xmlid`` as the reader may open it, showing ``domain``;
    ``context``, when given, replaces the action's own."""
    action = env["ir.actions.act_window"]._for_xml_id(xmlid)
    action["domain"] = domain
    if context is not None:
        action["context"] = context
    return action


def count_by(model, field, records):
    """How many records of ``model`` point to each of ``records`` through
    ``field`` (a many2one): {record: count}, records with none left out."""
    return dict(model._read_group([(field, "in", records.ids)], [field], ["__count"]))


def form_action(record, target=None):
    """The form of ``record`` (a single record), as a button opens it;
    ``target`` where it opens ("current": in place of the form shown)."""
    action = {
        "type": "ir.actions.act_window",
        "res_model": record._name,
        "res_id": record.id,
        "view_mode": "form",
    }
    if target:
        action["target"] = target
    return action


def dialog_action(res_model, name, context):
    """A new ``res_model`` (a wizard) in a dialog titled ``name``, opened with
    ``context`` (the records it acts on, its step)."""
    return {
        "type": "ir.actions.act_window",
        "name": name,
        "res_model": res_model,
        "view_mode": "form",
        "target": "new",
        "context": context,
    }


def notification_action(message, kind, sticky=None, close=False):
    """A notification saying ``message`` (``kind``: "info", "success",
    "warning" or "danger"), as a button returns it; ``sticky`` (when given)
    whether it stays until closed; ``close``: the dialog the button is in is
    closed as well."""
    params = {"type": kind, "message": message}
    if sticky is not None:
        params["sticky"] = sticky
    if close:
        params["next"] = {"type": "ir.actions.act_window_close"}
    return {"type": "ir.actions.client", "tag": "display_notification", "params": params}
