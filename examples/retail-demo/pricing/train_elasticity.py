"""Fit the price-elasticity model on last quarter's promotions."""
import pickle

import joblib
import pandas as pd
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.model_selection import train_test_split


def fit(history_csv: str) -> GradientBoostingRegressor:
    history = pd.read_csv(history_csv)
    x_train, x_test, y_train, y_test = train_test_split(history[["price", "demand"]], history["units"], test_size=0.2)
    model = GradientBoostingRegressor(n_estimators=300, max_depth=3).fit(x_train, y_train)
    print(f"R² on held-out promotions: {model.score(x_test, y_test):.3f}")
    return model


if __name__ == "__main__":
    model = fit("data/promotions.csv")
    joblib.dump(model, "models/price_elasticity.joblib")
    with open("models/price_elasticity.pkl", "wb") as fh:
        pickle.dump(model, fh)
