"""References other apps use to point at party members from their ledgers.

PERSON_REF resolves a 身份证号 cell to a Member through the blind index: the cell is
checked (length, birth date, check digit), normalised and hashed, and the hash is
looked up in Member.id_index — the number itself is never stored or searched in clear.
"""

from django.utils.translation import gettext_lazy as _

from tally.ledgers.declarations import Ref
from tally.lib.idcard import validate_id_number
from tally.lib.pii import id_index

PERSON_REF = Ref(
    "party.Member",
    "id_index",
    label=_("party member"),
    normalize=id_index,
    validate=validate_id_number,
    code_of=lambda member: member.id_number,
)
