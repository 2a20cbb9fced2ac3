"""Accuracy and speed of the feedback sentiment scorer against plain TextBlob and plain VADER.

Data: `../shared/data/sentiment/amazonReviewSnippets_GroundTruth.txt` (Hutto & Gilbert, ICWSM
2014): sentences rated by about 20 people from -4 to +4. Gold label: positive if the mean is
>= 0.5, negative if <= -0.5, neutral otherwise (the data set's README).

Plain scorers use their usual cut-offs: TextBlob polarity > 0 positive, < 0 negative; VADER
compound >= 0.05 positive, <= -0.05 negative. 2-class accuracy is over the texts with a
positive or negative gold label: right when the polarity has the gold sign (0 is wrong).
Pearson r is between the polarity and the mean human rating. Speed: texts per second on one
core, scoring one text at a time.

Target: macro-F1 and 2-class accuracy at least 0.03 above the better plain scorer, at 2,000
texts per second or more.

Run: `.venv/bin/python bench/sentiment_eval.py [path-to-data]`
"""

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.surveys.sentiment import score_text

DEFAULT_DATA = (
    Path(__file__).resolve().parents[2]
    / "shared/data/sentiment/amazonReviewSnippets_GroundTruth.txt"
)
LABELS = ("positive", "negative", "neutral")


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


if __name__ == "__main__":
    main()
