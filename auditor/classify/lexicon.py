"""Word lists the rules read: negation, modality, hedges and boosters, function words,
and British/American spelling pairs that no pattern derives.

Lists are lower case. They only have to recognise words *inside a change*: a word that
appears unchanged on both sides never reaches them.
"""

from __future__ import annotations

NEGATORS = frozenset(
    "not no never none nobody nothing nowhere neither nor without cannot n't".split()
)

#: Prefixes that negate the word they are attached to ("likely" → "unlikely").
NEGATING_PREFIXES = ("non-", "non", "un", "in", "im", "il", "ir", "dis")

#: Modal words by the strength of obligation or possibility they express.
MODALS: dict[str, str] = {
    **dict.fromkeys(
        "must shall required require requires mandatory obligated need needs".split(),
        "obligation"),
    **dict.fromkeys(
        "should ought recommend recommends recommended encouraged advisable".split(),
        "recommendation"),
    **dict.fromkeys("may might can could optional permitted allowed".split(), "possibility"),
    **dict.fromkeys("will would".split(), "prediction"),
}

#: Words that weaken a claim.
HEDGES = frozenset(
    """
    likely unlikely probably possibly possible perhaps maybe apparently appear appears
    appeared seem seems seemed suggest suggests suggested suggesting indicate indicates
    indicated approximately roughly nearly almost largely mostly generally typically often
    sometimes somewhat relatively partially partly potentially arguably presumably reportedly
    tentatively tentative preliminary limited estimated estimate believe believes think usually
    plausibly plausible uncertain unclear modest moderate some few several
    """.split()
)

#: Words that strengthen a claim.
BOOSTERS = frozenset(
    """
    clearly definitely certainly undoubtedly conclusively demonstrate demonstrates
    demonstrated prove proves proved proven show shows showed shown always significantly
    strongly highly very extremely substantially considerably fully entirely completely
    robustly confirm confirms confirmed establish establishes established all every
    severe serious major firmly unequivocally
    """.split()
)

#: Function words: never entities, never "content" on their own.
FUNCTION_WORDS = frozenset(
    """
    a an the and or but if then else when while of in on at to for from by with about as
    into onto over under than that this these those there here it its it's they them their
    we our us you your he she his her i me my is are was were be been being am do does did
    done has have had having so such also too very just only both each either any all some
    most more less many much few other another same which who whom whose what where why how
    not no nor yet however therefore thus hence although though because since after before
    during between among across through per via upon within without again further once
    """.split()
)

#: British ↔ American pairs that the suffix patterns of :mod:`spelling` do not derive.
SPELLING_PAIRS: dict[str, str] = {
    "grey": "gray",
    "programme": "program",
    "programmes": "programs",
    "judgement": "judgment",
    "judgements": "judgments",
    "acknowledgement": "acknowledgment",
    "ageing": "aging",
    "enrol": "enroll",
    "enrolment": "enrollment",
    "fulfil": "fulfill",
    "fulfilment": "fulfillment",
    "skilful": "skillful",
    "wilful": "willful",
    "instalment": "installment",
    "defence": "defense",
    "offence": "offense",
    "licence": "license",
    "practise": "practice",
    "sceptical": "skeptical",
    "sceptic": "skeptic",
    "whilst": "while",
    "amongst": "among",
    "learnt": "learned",
    "spelt": "spelled",
    "towards": "toward",
    "afterwards": "afterward",
    "cheque": "check",
    "manoeuvre": "maneuver",
    "aluminium": "aluminum",
    "plough": "plow",
    "draught": "draft",
    "mould": "mold",
    "kerb": "curb",
    "tyre": "tire",
    "pyjamas": "pajamas",
    "analogue": "analog",
    "catalogue": "catalog",
    "dialogue": "dialog",
    "e-mail": "email",
}

#: Contractions and their long forms.
CONTRACTIONS: dict[str, str] = {
    "can't": "cannot",
    "won't": "will not",
    "shan't": "shall not",
    "n't": " not",
    "'re": " are",
    "'ve": " have",
    "'ll": " will",
    "'d": " would",
    "'m": " am",
    "it's": "it is",
    "that's": "that is",
    "there's": "there is",
    "let's": "let us",
}
