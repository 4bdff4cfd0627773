"""Every disposition text of the domain reference (section 4) falls into its kind."""

import pytest

from relief.law.dispositions import DispositionKind, normalise_disposition

C, N, U = DispositionKind.CONVICTION, DispositionKind.NON_CONVICTION, DispositionKind.UNKNOWN

CASES = [
    # conviction
    ("GUILTY", C), ("PLEA OF GUILTY", C), ("GUILTY PLEA", C), ("FINDING OF GUILTY", C), ("VERDICT GUILTY", C),
    ("CONVICTED", C), ("SENTENCED", C), ("SUPERVISION TERMINATED UNSATISFACTORILY", C), ("PROBATION REVOKED", C),
    ("guilty", C), ("Plea of Guilty - Fine", C), ("SUPV TERM UNSAT", C),
    # non-conviction
    ("DISMISSED", N), ("NOLLE PROSEQUI", N), ("NOLLE PROS", N), ("SOL", N),
    ("STRICKEN OFF WITH LEAVE TO REINSTATE", N), ("SOL / STRICKEN OFF WITH LEAVE TO REINSTATE", N),
    ("NOT GUILTY", N), ("FINDING OF NOT GUILTY", N), ("FNG", N), ("ACQUITTED", N), ("NO BILL", N), ("FNPC", N),
    ("NO PROBABLE CAUSE", N), ("FNPC / NO PROBABLE CAUSE", N), ("RELEASED WITHOUT CHARGING", N),
    ("SUPERVISION", N), ("SUPERVISION TERMINATED SATISFACTORILY", N), ("SECTION 10 PROBATION", N),
    ("710 PROBATION", N), ("QUALIFIED PROBATION DISCHARGED", N), ("PLEA OF GUILTY - SUPERVISION", N),
    ("Nolle Pros.", N), ("dismissed", N),
    # the end of Section 10 (first-offender) probation: discharge and dismissal without a conviction
    ("DISCHARGED AND DISMISSED", N), ("SECTION 10 DISCHARGE", N), ("QUALIFIED PROBATION DISCHARGED", N),
    ("Discharged & Dismissed", N), ("SEC 10 DISCHARGED", N), ("710 DISCHARGE", N),
    # none or unknown
    ("", U), ("   ", U), ("PENDING", U), ("TRANSFERRED", U), ("VACATED", U), ("PROBATION", U), ("???", U),
    ("DISCHARGED", U),
]


@pytest.mark.parametrize("text,kind", CASES)
def test_disposition_kinds(text, kind):
    assert normalise_disposition(text).kind is kind
