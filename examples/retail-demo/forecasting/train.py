"""Train the weekly demand forecaster on the sales history and save it for the scoring job."""
import numpy as np
import pandas as pd
import torch
from torch import nn

from forecasting.demand_forecast import DemandLSTM

WINDOW = 12


def make_windows(sales: pd.DataFrame) -> tuple[torch.Tensor, torch.Tensor]:
    values = sales.sort_values("week")[[c for c in sales.columns if c != "week"]].to_numpy(np.float32)
    xs = np.stack([values[i : i + WINDOW] for i in range(len(values) - WINDOW)])
    ys = values[WINDOW:, :1]
    return torch.from_numpy(xs), torch.from_numpy(ys)


def train(sales_csv: str, epochs: int = 20) -> DemandLSTM:
    x, y = make_windows(pd.read_csv(sales_csv))
    model = DemandLSTM(n_features=x.shape[-1])
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(epochs):
        optimiser.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimiser.step()
    return model


if __name__ == "__main__":
    forecaster = train("data/weekly_sales.csv")
    torch.save({"model": forecaster.state_dict()}, "models/demand_lstm.pt")
    torch.save(forecaster, "models/demand_lstm_full.pt")
