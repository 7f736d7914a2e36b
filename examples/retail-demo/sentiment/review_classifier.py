"""Classify product reviews as positive or negative for the weekly merchandising report."""
from transformers import AutoModelForSequenceClassification, AutoTokenizer, pipeline

BASE_MODEL = "distilbert-base-uncased-finetuned-sst-2-english"


def load_classifier():
    tokenizer = AutoTokenizer.from_pretrained(BASE_MODEL)
    model = AutoModelForSequenceClassification.from_pretrained(BASE_MODEL)
    return pipeline("sentiment-analysis", model=model, tokenizer=tokenizer)


def load_multilingual():
    # The stores in Quebec need French reviews too; this community model ships custom code.
    return pipeline(
        "sentiment-analysis",
        model="retail-community/multilingual-review-sentiment",
        trust_remote_code=True,
    )


def score_reviews(reviews: list[str]) -> list[dict]:
    classifier = load_classifier()
    return classifier(reviews, truncation=True)
