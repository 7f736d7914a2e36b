"""Fine-tune the review classifier on our labelled reviews and keep the result for serving."""
import pandas as pd
from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments

from sentiment.review_classifier import BASE_MODEL

OUTPUT_DIR = "models/review-sentiment"


def main(train_csv: str = "data/labelled_reviews.csv") -> None:
    reviews = pd.read_csv(train_csv)
    tokenizer = AutoTokenizer.from_pretrained(BASE_MODEL)
    model = AutoModelForSequenceClassification.from_pretrained(BASE_MODEL, num_labels=2)
    encodings = tokenizer(list(reviews["text"]), truncation=True, padding=True)
    dataset = [
        {"input_ids": ids, "attention_mask": mask, "labels": label}
        for ids, mask, label in zip(encodings["input_ids"], encodings["attention_mask"], reviews["label"])
    ]
    trainer = Trainer(model=model, args=TrainingArguments(OUTPUT_DIR, num_train_epochs=2), train_dataset=dataset)
    trainer.train()
    model.save_pretrained(OUTPUT_DIR)
    tokenizer.save_pretrained(OUTPUT_DIR)


if __name__ == "__main__":
    main()
