"""The typed shapes of plans, policies, log events and configs: the one source of their schemas.

Plans and policies are small and edited by people: pydantic models with ``extra="forbid"``
so every typo is reported. Log events can number millions: a TypedDict validated in bulk
(pydantic's Rust core, no model instance per event), which stays a plain dict for the rules.
"""

from __future__ import annotations

import enum
import itertools
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal, NotRequired, get_args

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    Tag,
    TypeAdapter,
    WithJsonSchema,
    with_config,
)
from typing_extensions import TypedDict

from .timeparse import (
    DURATION_PATTERN,
    LOCAL_DATETIME_PATTERN,
    parse_duration,
    parse_local_datetime,
    zone,
)


class AccountType(str, enum.Enum):
    COMPANY = "company"
    MEDIA = "media"
    BLOG = "blog"
    BRAND = "brand"
    SHOP = "shop"
    NONPROFIT = "nonprofit"
    PERSONAL = "personal"
    OTHER = "other"


class Platform(str, enum.Enum):
    VK = "vk"
    TELEGRAM = "telegram"
    INSTAGRAM = "instagram"
    FACEBOOK = "facebook"
    X = "x"
    YOUTUBE = "youtube"
    OK = "ok"
    TIKTOK = "tiktok"
    DZEN = "dzen"
    OTHER = "other"


class PostFormat(str, enum.Enum):
    TEXT = "text"
    PHOTO = "photo"
    VIDEO = "video"
    AUDIO = "audio"
    CAROUSEL = "carousel"
    POLL = "poll"
    STORY = "story"
    REEL = "reel"
    CLIP = "clip"
    LIVE = "live"
    ARTICLE = "article"
    PODCAST = "podcast"
    OTHER = "other"


EVENT_KINDS = ("post", "comment", "reply", "delete", "hide", "restore", "ban", "mention")
ROLES = ("subscriber", "staff", "bot")
SENTIMENTS = ("positive", "neutral", "negative")


def _check_zone(name: str) -> str:
    zone(name)
    return name


def _check_domain(name: str) -> str:
    host = name.strip().lower()
    if "://" in host:
        host = host.split("://", 1)[1]
    host = host.split("/", 1)[0]
    host = host.removeprefix("www.")
    if not host or "." not in host or " " in host:
        raise ValueError(f"'{name}' is not a domain name such as zerno.coffee")
    return host


Duration = Annotated[
    timedelta,
    # Numbers are refused too: "respond_within: 90" could mean minutes or seconds.
    BeforeValidator(lambda value: parse_duration(value if isinstance(value, str) else str(value))
                    if not isinstance(value, timedelta) else value),
    PlainSerializer(lambda value: f"{int(value.total_seconds())}s", return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": DURATION_PATTERN,
            "description": "A duration: a number and a unit, e.g. 30m, 2h, 1h30m, 1d, 2ч.",
            "examples": ["2h", "30m", "1d"],
        }
    ),
]
TimeZoneName = Annotated[
    str,
    AfterValidator(_check_zone),
    WithJsonSchema(
        {
            "type": "string",
            "description": "An IANA time zone name; local days and hours are computed in it.",
            "examples": ["Europe/Moscow", "Asia/Yekaterinburg", "UTC"],
        }
    ),
]
DomainName = Annotated[
    str,
    AfterValidator(_check_domain),
    WithJsonSchema({"type": "string", "examples": ["zerno.coffee"]}),
]


def _not_a_number(value: Any) -> Any:
    """Dates are text: pydantic would read 20270105 or 1700000000 as seconds since 1970."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(  # noqa: TRY004 - pydantic turns only ValueError into a finding
            f"{value!r} is a number, not a date: write it as text, e.g. 2026-12-01T10:00:00+03:00"
            " (a plan also takes 2026-12-01 10:00 in the account's time zone)")
    return value


PlanTime = Annotated[
    datetime,
    BeforeValidator(lambda value: parse_local_datetime(value) if isinstance(value, str) else _not_a_number(value)),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": LOCAL_DATETIME_PATTERN,
            "description": "Local time in the account's time zone (2026-12-01 10:00) or ISO 8601"
            " with an offset (2026-12-01T10:00:00+03:00).",
            "examples": ["2026-12-01 10:00"],
        }
    ),
]
Share = Annotated[float, Field(ge=0, le=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True, defer_build=True)


class Account(Strict):
    """Who publishes: selects default limits, the time zone of local days, and own domains."""

    name: str | None = Field(None, description="The account's or brand's name.")
    type: AccountType | None = Field(
        None, description="Selects default limits (company: 1–2 posts a day, media: 5–10)."
    )
    timezone: TimeZoneName | None = None
    domains: list[DomainName] | None = Field(
        None, description="The corporate site(s); subdomains count as the same site."
    )


class Contest(Strict):
    """Marks a post as a contest or giveaway and holds its formalities (tip 5)."""

    rules_url: str | None = Field(None, description="Where the published rules are.")
    ends: Annotated[date, BeforeValidator(_not_a_number)] | None = Field(
        None, description="When the contest ends (results date).")
    prize: str | None = None
    organiser: str | None = None


class Post(Strict):
    id: str = Field(min_length=1, description="Unique within the plan.")
    at: PlanTime
    platform: Platform
    format: PostFormat
    text: str | None = None
    links: list[str] | None = Field(None, description="Links of the post; links in text count too.")
    contest: Contest | None = None
    suppress: str | list[str] | None = Field(
        None, description="Rule ids or names silenced for this post."
    )


class Plan(Strict):
    """A content plan: the account and its scheduled posts."""

    model_config = ConfigDict(title="smmlint content plan", json_schema_extra={"$id": "plan"})
    kind: Literal["plan"] | None = "plan"
    account: Account | None = None
    posts: list[Post] = Field(default_factory=list)


class Responder(Strict):
    topics: list[str] = Field(min_length=1, description="What this person answers.")
    owner: str | None = Field(None, description="Who answers.")
    respond_within: Duration | None = Field(None, description="The answer deadline.")


class EscalationStep(Strict):
    situation: str
    steps: list[str] | None = None
    owner: str | None = None


class NegativeComments(Strict):
    delete: Literal["never", "spam_and_abuse_only"] | None = None
    procedure: str | None = None
    owner: str | None = None


class Contests(Strict):
    regulation_url: str | None = None
    approved_by: str | None = None


class Monitoring(Strict):
    tool: str | None = None
    respond_within: Duration | None = None
    owner: str | None = None


LinkOccasion = Literal["asked", "contest_rules", "order_issue"]


class LinkRules(Strict):
    allowed_when: list[LinkOccasion] | None = Field(
        None,
        description="When a staff member may post a link to the own site, and only then: asked"
        " (the subscriber asked for a link, the site or where to buy), contest_rules (the link"
        " is the contest regulation, or the comment is about a contest), order_issue (the comment"
        " is about a problem with an order or delivery). An occasion not listed is not allowed,"
        " `asked` included; without this list a link is allowed when asked.",
    )


def _shares_within_one(mix: dict[PostFormat, float]) -> dict[PostFormat, float]:
    total = sum(mix.values())
    if total > 1 + 1e-9:
        raise ValueError(f"the shares add up to {total:g}: together they can be 1 at most")
    return mix


def _singulars(word: str) -> list[str]:
    """A word, and the singular forms it may be the plural of."""
    forms = [word]
    if word.endswith(("ые", "ие")):  # прямые эфиры, короткие ролики: прямой, короткий
        forms += [word[:-2] + ending for ending in ("ой", "ый", "ий", "ая", "ое")]
    elif word.endswith("es"):  # quizzes, livestreams' kin
        forms += [word[:-2], word[:-1]]
    elif word.endswith(("s", "ы", "и")):  # stories, опросы, лайвы; трансляции, статьи, карусели
        stem = word[:-1]
        forms += [stem, *(stem + ending for ending in ("я", "ь", "а"))]
    return forms


def _feature_word(value: Any) -> Any:
    """A network's tool as written (`stories`, `сторис`, `опросы`, `прямые эфиры`): the format
    it names, else as is."""
    if not isinstance(value, str):
        return value
    from .csvsource import canonical_value

    word = value.strip()
    words = word.lower().split()
    if not 0 < len(words) <= 3:
        return word
    for candidate in itertools.product(*map(_singulars, words)):
        if meant := canonical_value("format", " ".join(candidate)):
            return meant
    return word


class Policy(Strict):
    """The community's written regulations that the seed's tips ask for."""

    model_config = ConfigDict(title="smmlint community policy")
    kind: Literal["policy"] | None = "policy"
    responders: list[Responder] | None = Field(None, description="Tip 2: who answers what, by when.")
    escalation: list[EscalationStep] | None = Field(None, description="Tip 3: acute situations.")
    negative_comments: NegativeComments | None = Field(None, description="Tip 4.")
    contests: Contests | None = Field(None, description="Tip 5: the contest regulation.")
    platform_features: dict[Platform, list[Annotated[str, BeforeValidator(_feature_word)]]] | None = Field(
        None, description="Tip 7: each network's tools the team plans to use."
    )
    monitoring: Monitoring | None = Field(None, description="Tip 8: brand mention monitoring.")
    links: LinkRules | None = Field(None, description="Tip 9: when links may be posted.")
    content_mix: Annotated[dict[PostFormat, Share], AfterValidator(_shares_within_one)] | None = Field(
        None, description="Tip 6: target share of each format over all the plan's posts (shares add up to 1)."
    )
    content_mix_by_platform: dict[Platform, Annotated[dict[PostFormat, Share], AfterValidator(_shares_within_one)]] | None = (
        Field(None, description="Tip 6, network by network: each listed network's posts against their own"
              " target shares instead of content_mix (for teams with a plan per network: a TikTok plan"
              " is not judged by the brand's photo share).")
    )


POLICY_SECTIONS = tuple(name for name in Policy.model_fields if name != "kind")

OccasionList = Literal["links.allowed_when"]
POLICY_OCCASIONS: dict[str, tuple[str, ...]] = {"links.allowed_when": get_args(LinkOccasion)}
"""The policy's lists of occasions, each with the values it accepts: a rule may take its
conditions from one of them (the `occasions` option of the related check)."""


@with_config(ConfigDict(extra="forbid", title="smmlint log event", defer_build=True))
class Event(TypedDict):
    """One line of a moderation/community log (JSON Lines) or one row of its CSV form."""

    id: Annotated[str, Field(min_length=1)]
    at: Annotated[AwareDatetime, BeforeValidator(_not_a_number)]
    kind: Literal["post", "comment", "reply", "delete", "hide", "restore", "ban", "mention"]
    platform: NotRequired[str]
    community: NotRequired[str]
    author: NotRequired[str]
    role: NotRequired[Literal["subscriber", "staff", "bot"]]
    parent: NotRequired[str]
    target: NotRequired[str]
    text: NotRequired[str]
    sentiment: NotRequired[Literal["positive", "neutral", "negative"]]
    reason: NotRequired[str]
    url: NotRequired[str]


EVENT = TypeAdapter(Event)



class RuleSetting(Strict):
    severity: Literal["error", "warning", "info", "off"] | None = None
    options: dict[str, Any] | None = None


class CsvSettings(Strict):
    columns: dict[str, str] = Field(
        default_factory=dict,
        description="Spreadsheet header -> smmlint field (id, at, date, time, platform, format,"
        " text, links, ...), for headers smmlint does not know.",
    )
    dates: Literal["day-first", "month-first"] = Field(
        "day-first",
        description="How dates written with slashes read: day-first (01/12/2026 is 1 December, as"
        " in Russia and Europe) or month-first (December 1, as US spreadsheets write them).",
    )
    ignore_columns: list[str] = Field(
        default_factory=list,
        description="Headers of the spreadsheet's own working columns (рубрика, ответственный,"
        " статус, ...) that smmlint skips instead of reporting them as unknown (case-insensitive).",
    )


# An author id written as a number (`staff: [19292868552]`) is the same id as text.
StaffName = Annotated[
    str,
    BeforeValidator(lambda value: str(value) if isinstance(value, int) and not isinstance(value, bool) else value),
    WithJsonSchema({"type": ["string", "integer"], "description": "An author id or display name."}),
]


class ExportSettings(Strict):
    """How to read real exports (Telegram, VK, Reddit, ... and scheduler CSVs)."""

    community_is_staff: bool = Field(
        True,
        description="Posts and replies made by the channel or community itself (a Telegram channel,"
        " a VK group) are staff answers.",
    )
    platform: Platform | None = Field(
        None, description="The network of exports that do not name it (Buffer, Hootsuite, Sprout CSVs)."
    )
    formats: dict[str, str] = Field(
        default_factory=dict,
        description="Glob -> importer name (telegram, vk, reddit, ...), for exports whose shape"
        " smmlint cannot tell.",
    )


def _setting_form(value: Any) -> str:
    return "severity" if isinstance(value, str) else "setting"


# A severity word or a mapping: told apart by the value's type, so a mistake in one is not also
# reported as a mismatch of the other ("should be 'error', 'warning'..." on a valid mapping).
RuleSettings = dict[str, Annotated[
    Annotated[Literal["error", "warning", "info", "off"], Tag("severity")] | Annotated[RuleSetting, Tag("setting")],
    Discriminator(_setting_form),
]]
RULES_FIELD: Any = Field(default_factory=dict, description="Per rule id or name: off, a severity, or options.")
SELECT_FIELD: Any = Field(
    None, description="Only these rules: ids, id prefixes (SMM1) or names. Default: every rule."
    " Problems with the input itself (SMM001-SMM004) stay on unless ignored or set off."
)
IGNORE_FIELD: Any = Field(default_factory=list, description="Rules switched off: ids, id prefixes or names.")


class Override(Strict):
    """Settings for the files matching `files` (globs relative to the config's folder)."""

    files: list[str] = Field(min_length=1, description="Globs such as media/** or plans/*-news.yaml.")
    account: Account | None = Field(None, description="Fields given here replace the config's.")
    policy: str | None = None
    now: Annotated[AwareDatetime, BeforeValidator(_not_a_number)] | None = None
    rules: RuleSettings = RULES_FIELD
    select: list[str] | None = SELECT_FIELD
    ignore: list[str] | None = Field(None, description="Replaces the config's `ignore` for these files.")


class Config(Strict):
    """`.smmlint.yaml` (or `[tool.smmlint]` in pyproject.toml)."""

    model_config = ConfigDict(title="smmlint configuration")
    account: Account | None = Field(None, description="Used for CSV plans and logs, and as the default for plans.")
    policy: str | None = Field(None, description="Path of the policy file, relative to the config.")
    now: Annotated[AwareDatetime, BeforeValidator(_not_a_number)] | None = Field(None, description="Export time of the logs.")
    select: list[str] | None = SELECT_FIELD
    ignore: list[str] = IGNORE_FIELD
    rules: RuleSettings = RULES_FIELD
    overrides: list[Override] = Field(
        default_factory=list,
        description="Settings for some files (e.g. a media account's folder); the last match wins.",
    )
    exclude: list[str] = Field(
        default_factory=list, description="Globs never linted, even when named on the command line."
    )
    rule_paths: list[str] = Field(default_factory=list, description="Folders of user rule packs.")
    kinds: dict[str, Literal["plan", "policy", "log"]] = Field(
        default_factory=dict, description="Glob -> document kind, for files smmlint cannot tell."
    )
    join_logs: list[Annotated[list[str], Field(min_length=1)]] = Field(
        default_factory=list,
        description="Groups of globs: the logs of one run that match one group are read as one log,"
        " in the order of their paths, so a reply in one file answers a question or mention in"
        " another (monthly exports; a monitoring export beside the community's own log).",
    )
    join_plans: list[Annotated[list[str], Field(min_length=1)]] = Field(
        default_factory=list,
        description="Groups of globs: the plans of one run that match one group are read as one"
        " plan (fortnightly plans; overlapping plan files), so posts a day, spacing, the month's"
        " mix and the network's tools are judged over all their posts.",
    )
    csv: CsvSettings = Field(default_factory=CsvSettings)
    staff: list[StaffName] = Field(
        default_factory=list,
        description="Author ids or display names of the people who answer for the account, for"
        " exports and logs that do not say who is staff (matched case-insensitively; a log"
        " event's own `role` wins).",
    )
    exports: ExportSettings = Field(default_factory=ExportSettings)
