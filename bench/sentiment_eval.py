"""Accuracy and speed of the feedback sentiment scorer against plain TextBlob and plain VADER.

Data: `../shared/data/sentiment/amazonReviewSnippets_GroundTruth.txt` (Hutto & Gilbert, ICWSM
2014): 3,708 sentences rated by about 20 people from -4 to +4. Gold label: positive if the
mean is >= 0.5, negative if <= -0.5, neutral otherwise (the data set's README).

Measures, per scorer: 3-class accuracy; macro-F1 over the three labels; 2-class accuracy over
the texts with a positive or negative gold label (right when the polarity has the gold sign;
0 is wrong); Pearson r between the polarity and the mean human rating. Plain scorers use their
usual cut-offs: TextBlob polarity > 0 positive, < 0 negative; VADER compound >= 0.05 positive,
<= -0.05 negative. Speed: texts per second on one core, one text at a time, language
detection included.

1. The whole set, once: the scorer as shipped. Its fitted constants were fitted on this same
   set (step 3), so these figures are in-sample; the held-out ones are in step 2.
2. 5-fold cross-validation, the figures that count. The scorer's fitted constants (TextBlob
   weight, question scalar, negative and positive thresholds) are refitted on four
   folds (best macro-F1 on a coarse grid) and scored on the fifth. Plain TextBlob and plain
   VADER are scored on the same held-out fold, so each fold gives a paired margin over the
   better plain scorer (the one with the higher mean over the folds); the margins are printed
   per fold and as mean ± standard deviation. For reference, VADER with its own band refitted
   the same way shows how much of the margin a fitted band alone would give.
3. The constants fitted on the whole set: the values `services/surveys/sentiment.py` ships.

Target: held-out macro-F1 and 2-class accuracy at least 0.03 above the better plain scorer,
at 2,000 texts per second or more.

Run: `.venv/bin/python bench/sentiment_eval.py [path-to-data]` (any other file in the same
format gets step 1 only, e.g. `tests/surveys/data/mentoring_feedback.tsv`).
"""

import itertools
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.surveys import sentiment
from services.surveys.sentiment import polarity_of, score_text

DEFAULT_DATA = (
    Path(__file__).resolve().parents[2]
    / "shared/data/sentiment/amazonReviewSnippets_GroundTruth.txt"
)
LABELS = ("positive", "negative", "neutral")
FOLDS = 5
TARGET_MARGIN = 0.03
# The grid of the scorer's polarity constants: (TextBlob weight, question scalar).
POLARITY_GRID = tuple(itertools.product((0.0, 0.2, 0.4), (0.5, 1.0)))
NEGATIVE_THRESHOLDS = (0.0, -0.05, -0.1)
POSITIVE_THRESHOLDS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35)
METRICS = ("accuracy_3", "macro_f1", "accuracy_2", "pearson_r")
MARGIN_METRICS = ("macro_f1", "accuracy_2")

Constants = tuple[float, float]  # TextBlob weight, question scalar
Band = tuple[float, float]  # negative threshold, positive threshold


def load(path: Path) -> tuple[list[str], list[float]]:
    texts, ratings = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            _, rating, text = line.split("\t", 2)
            texts.append(text)
            ratings.append(float(rating))
    return texts, ratings


def gold_label(rating: float) -> str:
    return "positive" if rating >= 0.5 else "negative" if rating <= -0.5 else "neutral"


def evaluate(polarities: list[float], labels: list[str], ratings: list[float]) -> dict[str, float]:
    gold = [gold_label(r) for r in ratings]
    correct = sum(p == g for p, g in zip(labels, gold, strict=True))
    f1s = []
    for label in LABELS:
        tp = sum(p == label and g == label for p, g in zip(labels, gold, strict=True))
        fp = sum(p == label and g != label for p, g in zip(labels, gold, strict=True))
        fn = sum(p != label and g == label for p, g in zip(labels, gold, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    polar = [(p, g) for p, g in zip(polarities, gold, strict=True) if g != "neutral"]
    two_class = sum((p > 0) == (g == "positive") and p != 0 for p, g in polar) / len(polar)
    return {
        "accuracy_3": correct / len(gold),
        "macro_f1": sum(f1s) / len(f1s),
        "accuracy_2": two_class,
        "pearson_r": statistics.correlation(polarities, ratings),
    }


def run(
    texts: list[str], scorer: Callable[[str], tuple[float, str]]
) -> tuple[list[float], list[str], float]:
    started = time.process_time()
    results = [scorer(text) for text in texts]
    elapsed = time.process_time() - started
    return [r[0] for r in results], [r[1] for r in results], len(texts) / elapsed


def textblob_scorer(text: str) -> tuple[float, str]:
    polarity = TextBlob(text).sentiment.polarity
    return polarity, "positive" if polarity > 0 else "negative" if polarity < 0 else "neutral"


_vader = SentimentIntensityAnalyzer()


def vader_scorer(text: str) -> tuple[float, str]:
    compound = _vader.polarity_scores(text)["compound"]
    label = "positive" if compound >= 0.05 else "negative" if compound <= -0.05 else "neutral"
    return compound, label


def project_scorer(text: str) -> tuple[float, str]:
    score = score_text(text)
    return score.polarity, score.label.value.lower()


def labelled(polarities: list[float], band: Band) -> list[str]:
    negative, positive = band
    return [
        "positive" if p > positive else "negative" if p < negative else "neutral"
        for p in polarities
    ]


def fit(
    by_constants: dict[Constants, list[float]], indices: list[int], ratings: list[float]
) -> tuple[Constants, Band]:
    """The constants and band with the best macro-F1 on the texts at `indices`."""
    chosen_ratings = [ratings[i] for i in indices]

    def f1(choice: tuple[Constants, Band]) -> float:
        polarities = [by_constants[choice[0]][i] for i in indices]
        return evaluate(polarities, labelled(polarities, choice[1]), chosen_ratings)["macro_f1"]

    bands = itertools.product(NEGATIVE_THRESHOLDS, POSITIVE_THRESHOLDS)
    return max(itertools.product(by_constants, bands), key=f1)


def held_out(
    polarities: Sequence[float], labels: Sequence[str], test: list[int], ratings: list[float]
) -> dict[str, float]:
    return evaluate(
        [polarities[i] for i in test], [labels[i] for i in test], [ratings[i] for i in test]
    )


def polarities_by_constants(texts: list[str]) -> dict[Constants, list[float]]:
    """The scorer's polarity of every text, for each point of the constants' grid."""
    return {
        (weight, question): [
            polarity_of(text, textblob_weight=weight, question_scalar=question) for text in texts
        ]
        for weight, question in POLARITY_GRID
    }


def cross_validate(
    by_constants: dict[Constants, list[float]],
    ratings: list[float],
    plain: dict[str, tuple[list[float], list[str]]],
) -> dict[str, list[dict[str, float]]]:
    """Held-out figures per fold: the scorer with its constants fitted on the other folds,
    the plain scorers and VADER with a refitted band, all on the same held-out fold."""
    vader_compound = {(0.0, 1.0): plain["vader"][0]}
    order = list(range(len(ratings)))
    random.Random(2014).shuffle(order)
    folds = [order[i::FOLDS] for i in range(FOLDS)]
    results: dict[str, list[dict[str, float]]] = {}
    for k, test in enumerate(folds):
        train = [i for j, fold in enumerate(folds) if j != k for i in fold]
        constants, band = fit(by_constants, train, ratings)
        polarities = by_constants[constants]
        _, vader_band = fit(vader_compound, train, ratings)
        fold = {
            "project": held_out(polarities, labelled(polarities, band), test, ratings),
            "vader": held_out(*plain["vader"], test, ratings),
            "textblob": held_out(*plain["textblob"], test, ratings),
            "vader, band refitted": held_out(
                plain["vader"][0], labelled(plain["vader"][0], vader_band), test, ratings
            ),
        }
        for name, metrics in fold.items():
            results.setdefault(name, []).append(metrics)
        print(
            f"  fold {k + 1}: fitted weight={constants[0]:.1f} question={constants[1]:.1f} "
            f"negative<{band[0]:+.2f} positive>{band[1]:.2f}\n"
            + "".join(
                f"          {name:<21} macro-F1 {metrics['macro_f1']:.3f} "
                f"acc-2 {metrics['accuracy_2']:.3f}\n"
                for name, metrics in fold.items()
            ),
            end="",
        )
    return results


def mean_sd(values: list[float]) -> str:
    return f"{statistics.mean(values):.3f} ± {statistics.stdev(values):.3f}"


def report_cross_validation(results: dict[str, list[dict[str, float]]]) -> None:
    print(f"\n  held-out mean ± sd over {FOLDS} folds:")
    print(f"  {'scorer':<21} " + " ".join(f"{metric:>15}" for metric in METRICS))
    for name, folds in results.items():
        row = " ".join(f"{mean_sd([fold[m] for fold in folds]):>15}" for m in METRICS)
        print(f"  {name:<21} {row}")
    for metric in MARGIN_METRICS:
        better = max(("textblob", "vader"), key=lambda n: statistics.mean(_of(results, n, metric)))
        margins = [
            p - b
            for p, b in zip(
                _of(results, "project", metric), _of(results, better, metric), strict=True
            )
        ]
        print(
            f"  held-out {metric}: project minus {better} on the same folds = "
            f"{statistics.mean(margins):+.3f} ± {statistics.stdev(margins):.3f} "
            f"(per fold {', '.join(f'{m:+.3f}' for m in margins)}; "
            f"target >= +{TARGET_MARGIN:.3f})"
        )


def _of(results: dict[str, list[dict[str, float]]], name: str, metric: str) -> list[float]:
    return [fold[metric] for fold in results[name]]


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DATA
    texts, ratings = load(path)
    print(f"{len(texts)} texts from {path.name}; the whole set, constants as shipped:")
    print(f"{'scorer':<10} {'acc-3':>7} {'macro-F1':>9} {'acc-2':>7} {'pearson':>8} {'texts/s':>9}")
    results, plain = {}, {}
    for name, scorer in (
        ("textblob", textblob_scorer),
        ("vader", vader_scorer),
        ("project", project_scorer),
    ):
        polarities, labels, rate = run(texts, scorer)
        plain[name] = (polarities, labels)
        metrics = results[name] = evaluate(polarities, labels, ratings)
        print(
            f"{name:<10} {metrics['accuracy_3']:7.3f} {metrics['macro_f1']:9.3f} "
            f"{metrics['accuracy_2']:7.3f} {metrics['pearson_r']:8.3f} {rate:9.0f}"
        )
    note = " (in-sample: the constants were fitted on this set)" if path == DEFAULT_DATA else ""
    for metric in MARGIN_METRICS:
        best_plain = max(results["textblob"][metric], results["vader"][metric])
        gain = results["project"][metric] - best_plain
        print(f"{metric}: project minus the better plain scorer = {gain:+.3f}{note}")
    if path != DEFAULT_DATA:
        return
    print(f"\n{FOLDS}-fold cross-validation (constants refitted on the other folds):")
    by_constants = polarities_by_constants(texts)
    report_cross_validation(cross_validate(by_constants, ratings, plain))
    constants, band = fit(by_constants, list(range(len(texts))), ratings)
    shipped = (
        (sentiment.TEXTBLOB_WEIGHT, sentiment.QUESTION_SCALAR),
        (sentiment.NEGATIVE_THRESHOLD, sentiment.POSITIVE_THRESHOLD),
    )
    print(
        f"\nconstants fitted on the whole set: weight={constants[0]:.1f} "
        f"question={constants[1]:.1f} negative<{band[0]:+.2f} positive>{band[1]:.2f} "
        + ("(as shipped)" if shipped == (constants, band) else f"(shipped: {shipped})")
    )


if __name__ == "__main__":
    main()
