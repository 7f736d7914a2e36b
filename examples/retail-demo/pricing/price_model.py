"""Serve price recommendations from the scikit-learn model trained by the pricing team."""
import pickle
from pathlib import Path

import numpy as np
import yaml

MODEL_DIR = Path(__file__).parent / "models"


def load_config(path: str) -> dict:
    with open(path) as fh:
        return yaml.load(fh, Loader=yaml.FullLoader)


def load_price_model():
    with open(MODEL_DIR / "price_elasticity.pkl", "rb") as fh:
        return pickle.load(fh)


def recommend(prices: np.ndarray, demand: np.ndarray) -> np.ndarray:
    model = load_price_model()
    features = np.column_stack([prices, demand])
    return model.predict(features)


if __name__ == "__main__":
    cfg = load_config("pricing.yaml")
    history = np.load(cfg["history"], allow_pickle=True)
    print(recommend(history["price"], history["demand"]))
