"""Built-in datasets are deterministic, balanced and as documented; given samples validate."""

from __future__ import annotations

import numpy as np
import pytest

from chainrule.engine.errors import LimitError, SpecError
from chainrule.engine.training.datasets import (
    DEFAULTS,
    MAX_SAMPLES,
    NAMES,
    builtin,
    from_samples,
    resolve,
)


def test_xor_default_is_the_truth_table():
    data = builtin("xor")
    rows = {tuple(p): int(label) for p, label in zip(data.inputs, data.labels, strict=True)}
    assert rows == {(0.0, 0.0): 0, (0.0, 1.0): 1, (1.0, 0.0): 1, (1.0, 1.0): 0}


@pytest.mark.parametrize("name", NAMES)
def test_same_seed_same_points_other_seed_other_points(name):
    a = builtin(name, size=50, noise=0.1, seed=7)
    b = builtin(name, size=50, noise=0.1, seed=7)
    c = builtin(name, size=50, noise=0.1, seed=8)
    np.testing.assert_array_equal(a.inputs, b.inputs)
    np.testing.assert_array_equal(a.labels, b.labels)
    assert not np.array_equal(a.inputs, c.inputs)
    assert a.inputs.shape == (50, 2) and a.features == 2
    assert np.bincount(a.labels).tolist() == [25, 25]
    assert np.isfinite(a.inputs).all()


def test_defaults_are_used_and_size_is_honoured():
    for name, (size, _) in DEFAULTS.items():
        assert builtin(name).size == size
    assert builtin("spiral", size=31).size == 31


def test_circle_separates_by_radius_without_noise():
    data = builtin("circle", size=400, noise=0.0, seed=1)
    radius = np.hypot(*data.inputs.T)
    assert radius[data.labels == 1].max() <= 0.5
    assert radius[data.labels == 0].min() >= 0.7


def test_spiral_arms_are_point_reflections_of_each_other():
    # Without noise, arm 1 is arm 0 turned by half a circle: same radius law, opposite angle.
    data = builtin("spiral", size=400, noise=0.0, seed=2)
    radius = np.hypot(*data.inputs.T)
    assert radius.min() >= 0.05 - 1e-12 and radius.max() <= 1.0 + 1e-12
    mean0 = data.inputs[data.labels == 0].mean(axis=0)
    mean1 = data.inputs[data.labels == 1].mean(axis=0)
    assert np.linalg.norm(mean0 + mean1) < 0.2  # symmetric about the origin


def test_gaussians_centres_and_spread():
    data = builtin("gaussians", size=2000, noise=0.2, seed=3)
    for label, centre in ((0, -0.5), (1, 0.5)):
        points = data.inputs[data.labels == label]
        np.testing.assert_allclose(points.mean(axis=0), [centre, centre], atol=0.03)
        np.testing.assert_allclose(points.std(axis=0), [0.2, 0.2], atol=0.03)


def test_noise_jitters_the_xor_corners():
    data = builtin("xor", size=400, noise=0.1, seed=0)
    corners = np.round(data.inputs)
    assert np.abs(data.inputs - corners).std() == pytest.approx(0.08, abs=0.03)
    expected = np.logical_xor(corners[:, 0] > 0.5, corners[:, 1] > 0.5).astype(int)
    assert (expected == data.labels).mean() > 0.99


def test_bad_builtin_requests():
    with pytest.raises(SpecError, match="unknown dataset 'moons'"):
        builtin("moons")
    with pytest.raises(SpecError, match="size"):
        builtin("xor", size=1)
    with pytest.raises(SpecError, match="noise"):
        builtin("xor", noise=-0.1)
    with pytest.raises(LimitError, match="10,000"):
        builtin("spiral", size=MAX_SAMPLES + 1)


def test_given_samples():
    data = from_samples([[0, 0], [1, 1], [2, 0]], [0, 1, 1])
    assert data.size == 3 and data.features == 2
    assert data.labels.tolist() == [0, 1, 1]
    regression = from_samples([[0.0], [1.0]], [0.5, -1.5])
    assert regression.labels is None
    vectors = from_samples([[0.0], [1.0]], [[1, 0], [0, 1]])
    assert vectors.targets.shape == (2, 2) and vectors.labels is None


@pytest.mark.parametrize(
    ("inputs", "targets", "match"),
    [
        ([[0, 1], [1, 0]], [1], "2 input rows but 1 targets"),
        ([[0, 1], [1]], [1, 0], "same length"),
        ([], [], "non-empty"),
        ([[0, 1], [1, 0]], [[1, 0], [1]], "all lists the same length"),
        ([[0, "a"]], [1], "rows of numbers"),
    ],
)
def test_bad_samples(inputs, targets, match):
    with pytest.raises(SpecError, match=match):
        from_samples(inputs, targets)


def test_resolve_accepts_the_three_forms():
    assert resolve("xor").name == "xor"
    assert resolve({"name": "circle", "size": 10, "noise": 0.0}).size == 10
    assert resolve({"inputs": [[1, 2]], "targets": [3]}).name == "samples"
    with pytest.raises(SpecError, match="unknown dataset field"):
        resolve({"name": "circle", "radius": 2})
    with pytest.raises(SpecError, match="dataset must be"):
        resolve(42)
