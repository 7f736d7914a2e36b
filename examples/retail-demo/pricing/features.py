"""Feature-store snapshots written by our nightly job."""
import pandas as pd


def latest_snapshot(path: str) -> pd.DataFrame:
    return pd.read_pickle(path)
