"""Weekly demand forecast per store, from the LSTM the forecasting team trains."""
import torch
from torch import nn


class DemandLSTM(nn.Module):
    def __init__(self, n_features: int = 8, hidden: int = 64):
        super().__init__()
        self.lstm = nn.LSTM(n_features, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out, _ = self.lstm(x)
        return self.head(out[:, -1])


def load_forecaster(checkpoint: str, device: str = "cpu") -> DemandLSTM:
    model = DemandLSTM()
    state = torch.load(checkpoint, map_location=device)
    model.load_state_dict(state["model"])
    return model.eval()


def load_baseline(checkpoint: str) -> DemandLSTM:
    # The baseline is an old full-module checkpoint.
    return torch.load(checkpoint, weights_only=False)
