"""Who is asking, and the TLP rules of the network turned into the read model's scope variables.

The rules themselves are SQL (rrm_dash/sql/read/scope.sql); this module says who the viewer
is. Every query function takes a Principal, so the scope is part of every cache key.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

#: The G7 RRM's members (may see TLP:AMBER) and observers (only when named in releasable_to).
FULL_MEMBERS = frozenset({"CA", "FR", "DE", "IT", "JP", "GB", "US", "EU"})
OBSERVERS = frozenset({"AU", "NZ", "NL", "SE", "NATO"})
COORDINATION_UNIT = "CU"

TLP_LEVELS = ("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED")
TLP_RANK = {level: rank for rank, level in enumerate(TLP_LEVELS)}
MOST_RESTRICTIVE = "RED"


class Role(StrEnum):
    ADMIN = "admin"
    ANALYST = "analyst"
    FOCAL_POINT = "focal_point"
    OBSERVER = "observer"
    TASKFORCE = "taskforce"
    LEADERSHIP = "leadership"


COORDINATION_UNIT_ROLES = frozenset({Role.ADMIN, Role.ANALYST})
MEMBER_BOUND_ROLES = frozenset({Role.FOCAL_POINT, Role.OBSERVER, Role.TASKFORCE})


def normalise_marking(marking: str | None) -> str:
    """A TLP level from any common spelling; unknown or malformed markings become RED."""
    if marking is None:
        return MOST_RESTRICTIVE
    text = marking.strip().upper().replace(" ", "")
    text = text.removeprefix("TLP:").removeprefix("TLP")
    text = {"WHITE": "CLEAR", "AMBER-STRICT": "AMBER+STRICT"}.get(text, text)
    return text if text in TLP_RANK else MOST_RESTRICTIVE


@dataclass(frozen=True)
class Principal:
    """A viewer: a signed-in user of a role, bound to a member code where the role needs one.

    `ceiling` caps what is shown whatever the role may see (meeting mode, briefings,
    public exports). `signed_in=False` is the public: TLP:CLEAR only.
    """

    username: str
    role: Role
    member_code: str | None = None
    ceiling: str = "RED"
    signed_in: bool = True

    def __post_init__(self) -> None:
        if self.role in MEMBER_BOUND_ROLES and not self.member_code:
            raise ValueError(f"a {self.role.value} user must be bound to a member code")
        if self.role is Role.OBSERVER and self.member_code not in OBSERVERS:
            raise ValueError(f"observer users belong to an observer: {sorted(OBSERVERS)}")
        if self.ceiling not in TLP_RANK:
            raise ValueError(f"ceiling must be one of {TLP_LEVELS}, not {self.ceiling!r}")

    @property
    def is_coordination_unit(self) -> bool:
        return self.role in COORDINATION_UNIT_ROLES

    @property
    def affiliation(self) -> str | None:
        """The member code the TLP rules compare with originators and releasable_to lists."""
        if self.is_coordination_unit:
            return COORDINATION_UNIT
        return self.member_code

    def with_ceiling(self, ceiling: str) -> Principal:
        """The same viewer capped at `ceiling` (never raised above an existing cap)."""
        lower = min(TLP_RANK[ceiling], TLP_RANK[self.ceiling])
        return Principal(
            self.username, self.role, self.member_code, TLP_LEVELS[lower], self.signed_in
        )

    def viewer(self) -> dict[str, object]:
        """The read model's `viewer` variable (its fields are typed in sql/read/scope.sql)."""
        signed_in = self.signed_in
        return {
            "signed_in": signed_in,
            "member": self.affiliation if signed_in else None,
            "is_cu": signed_in and self.is_coordination_unit,
            "is_full_member": signed_in and self.affiliation in FULL_MEMBERS,
            "is_admin": signed_in and self.role is Role.ADMIN,
            "ceiling": TLP_RANK[self.ceiling] if signed_in else TLP_RANK["CLEAR"],
        }


#: Roles whose views show nothing above a ceiling unless the user lifts it (the briefing reader).
ROLE_CEILINGS = {Role.LEADERSHIP: "GREEN"}


def with_role_ceiling(principal: Principal) -> Principal:
    """The viewer capped at its role's default ceiling (leadership views default to TLP:GREEN)."""
    ceiling = ROLE_CEILINGS.get(principal.role)
    return principal.with_ceiling(ceiling) if ceiling else principal


PUBLIC = Principal(username="public", role=Role.LEADERSHIP, ceiling="CLEAR", signed_in=False)


def demo_principal() -> Principal:
    """The viewer the app uses until sign-in exists: a Coordination Unit analyst."""
    return Principal(username="demo-analyst", role=Role.ANALYST)
