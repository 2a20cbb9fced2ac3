"""Accuracy and speed of the feedback sentiment scorer against plain TextBlob and plain VADER.

Data: `../shared/data/sentiment/amazonReviewSnippets_GroundTruth.txt` (Hutto & Gilbert, ICWSM
2014): sentences rated by about 20 people from -4 to +4. Gold label: positive if the mean is
>= 0.5, negative if <= -0.5, neutral otherwise (the data set's README).

Plain scorers use their usual cut-offs: TextBlob polarity > 0 positive, < 0 negative; VADER
compound >= 0.05 positive, <= -0.05 negative. 2-class accuracy is over the texts with a
positive or negative gold label: right when the polarity has the gold sign (0 is wrong).
Pearson r is between the polarity and the mean human rating. Speed: texts per second on one
core, scoring one text at a time.

Cross-validation: the scorer's fitted constants (TextBlob weight, positive and negative
thresholds) are refitted on four of five folds (best macro-F1 on a coarse grid) and scored on
the fifth; the held-out figures are printed as mean ± standard deviation over the folds.

Target: macro-F1 and 2-class accuracy at least 0.03 above the better plain scorer, at 2,000
texts per second or more.

Run: `.venv/bin/python bench/sentiment_eval.py [path-to-data]`
"""

import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.surveys.sentiment import polarity_of, score_text

DEFAULT_DATA = (
    Path(__file__).resolve().parents[2]
    / "shared/data/sentiment/amazonReviewSnippets_GroundTruth.txt"
)
LABELS = ("positive", "negative", "neutral")
FOLDS = 5
TEXTBLOB_WEIGHTS = (0.0, 0.2, 0.4)
NEGATIVE_THRESHOLDS = (0.0, -0.05, -0.1)
POSITIVE_THRESHOLDS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35)
METRICS = ("accuracy_3", "macro_f1", "accuracy_2", "pearson_r")


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
    name: str, texts: list[str], scorer: Callable[[str], tuple[float, str]]
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


def labelled(polarities: list[float], negative: float, positive: float) -> list[str]:
    return [
        "positive" if p > positive else "negative" if p < negative else "neutral"
        for p in polarities
    ]


def cross_validate(texts: list[str], ratings: list[float]) -> dict[str, list[float]]:
    """Held-out figures per fold, with the constants fitted on the other folds."""
    by_weight = {w: [polarity_of(t, textblob_weight=w) for t in texts] for w in TEXTBLOB_WEIGHTS}
    order = list(range(len(texts)))
    random.Random(2014).shuffle(order)
    folds = [order[i::FOLDS] for i in range(FOLDS)]
    held_out: dict[str, list[float]] = {metric: [] for metric in METRICS}
    for k, test in enumerate(folds):
        train = [i for j, fold in enumerate(folds) if j != k for i in fold]
        train_ratings = [ratings[i] for i in train]

        def train_f1(
            choice: tuple[float, float, float],
            train: list[int] = train,
            train_ratings: list[float] = train_ratings,
        ) -> float:
            polarities = [by_weight[choice[0]][i] for i in train]
            labels = labelled(polarities, choice[1], choice[2])
            return evaluate(polarities, labels, train_ratings)["macro_f1"]

        weight, negative, positive = max(
            (
                (w, lo, hi)
                for w in TEXTBLOB_WEIGHTS
                for lo in NEGATIVE_THRESHOLDS
                for hi in POSITIVE_THRESHOLDS
            ),
            key=train_f1,
        )
        polarities = [by_weight[weight][i] for i in test]
        metrics = evaluate(
            polarities, labelled(polarities, negative, positive), [ratings[i] for i in test]
        )
        print(
            f"  fold {k + 1}: fitted weight={weight:.2f} negative<{negative:+.2f} "
            f"positive>{positive:.2f}; held out macro-F1 {metrics['macro_f1']:.3f} "
            f"acc-2 {metrics['accuracy_2']:.3f}"
        )
        for metric in METRICS:
            held_out[metric].append(metrics[metric])
    return held_out


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DATA
    texts, ratings = load(path)
    print(f"{len(texts)} texts from {path.name}")
    print(f"{'scorer':<10} {'acc-3':>7} {'macro-F1':>9} {'acc-2':>7} {'pearson':>8} {'texts/s':>9}")
    results = {}
    for name, scorer in (
        ("textblob", textblob_scorer),
        ("vader", vader_scorer),
        ("project", project_scorer),
    ):
        polarities, labels, rate = run(name, texts, scorer)
        metrics = evaluate(polarities, labels, ratings)
        results[name] = metrics
        print(
            f"{name:<10} {metrics['accuracy_3']:7.3f} {metrics['macro_f1']:9.3f} "
            f"{metrics['accuracy_2']:7.3f} {metrics['pearson_r']:8.3f} {rate:9.0f}"
        )
    for metric in ("macro_f1", "accuracy_2"):
        best_plain = max(results["textblob"][metric], results["vader"][metric])
        gain = results["project"][metric] - best_plain
        print(f"{metric}: project minus the better plain scorer = {gain:+.3f} (target >= +0.030)")
    if path != DEFAULT_DATA:
        return
    print(f"\n{FOLDS}-fold cross-validation (constants refitted on the other folds):")
    held_out = cross_validate(texts, ratings)
    for metric in METRICS:
        values = held_out[metric]
        print(
            f"  {metric:<10} {statistics.mean(values):.3f} ± {statistics.stdev(values):.3f}"
            f"  (min {min(values):.3f}, max {max(values):.3f})"
        )
    for metric in ("macro_f1", "accuracy_2"):
        best_plain = max(results["textblob"][metric], results["vader"][metric])
        gain = statistics.mean(held_out[metric]) - best_plain
        print(f"  held-out {metric} minus the better plain scorer = {gain:+.3f}")


if __name__ == "__main__":
    main()
