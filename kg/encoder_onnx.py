"""The ONNX Runtime backend of :class:`kg.encoder.SentenceEncoder` (setting ``encoder_backend=onnx``).

sentence-transformers' own ``backend="onnx"`` needs Hugging Face ``optimum`` to export a model, and
optimum's current releases require transformers < 4.58 while civicgraph runs transformers 5 — so the
transformer is exported here with ``torch.onnx.export`` (offline, once per model; the file is kept
in ``{data_dir}/models/``) and run by ONNX Runtime, with the model's own tokenizer and pooling. The results
equal the torch backend's to ~1e-7 (checked by tests/kg/test_encoder.py and measured in bench/search.py).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import warnings
from pathlib import Path
from typing import Any

import numpy as np


class OnnxExportError(RuntimeError):
    """The model cannot run on the ONNX backend (the message says why)."""


def _pooling_mode(model: Any) -> str:
    modules = list(model)
    names = [type(m).__name__ for m in modules]
    if len(modules) < 2 or names[1] != "Pooling" or any(n not in {"Normalize"} for n in names[2:]):
        raise OnnxExportError(
            f"the ONNX backend supports Transformer → Pooling (→ Normalize) models, not {' → '.join(names)}"
        )
    pooling = modules[1]
    if hasattr(pooling, "get_pooling_mode_str"):  # sentence-transformers < 6
        mode = str(pooling.get_pooling_mode_str())
    else:
        mode = str(pooling.get_config_dict().get("pooling_mode"))
    if mode not in {"mean", "cls"}:
        raise OnnxExportError(f"the ONNX backend supports mean or cls pooling, not {mode!r}")
    return mode


def _export(model: Any, target: Path) -> None:
    import torch

    transformer = model[0].auto_model
    transformer.eval()

    class _Wrapped(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return out.last_hidden_state

    sample = model.tokenizer(["a sample", "another longer sample text"], padding=True, return_tensors="pt")
    if "token_type_ids" not in sample:
        sample["token_type_ids"] = torch.zeros_like(sample["input_ids"])
    names = ("input_ids", "attention_mask", "token_type_ids", "last_hidden_state")
    dynamic = {name: {0: "batch", 1: "sequence"} for name in names}
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        path = Path(tmp) / "model.onnx"
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the exporter's tracer warnings concern its internals
                torch.onnx.export(
                    _Wrapped(transformer),
                    (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]),
                    str(path),
                    input_names=["input_ids", "attention_mask", "token_type_ids"],
                    output_names=["last_hidden_state"],
                    dynamic_axes=dynamic,
                    opset_version=17,
                    dynamo=False,
                )
        except Exception as exc:  # the exporter raises many types; all mean "cannot export"
            raise OnnxExportError(
                f"exporting the model to ONNX failed: {type(exc).__name__}: {exc}"
            ) from None
        os.replace(path, target)


class OnnxEncoder:
    """Runs an exported transformer with ONNX Runtime; tokenisation and pooling as the model defines."""

    def __init__(
        self, model: Any, location: str, max_length: int, cache_dir: Path, *, threads: int | None = None
    ) -> None:
        try:
            import onnxruntime  # noqa: F401 - fail early and clearly
        except ImportError:
            raise OnnxExportError("encoder_backend=onnx needs the onnxruntime package") from None
        self.pooling = _pooling_mode(model)
        self.tokenizer = model.tokenizer
        self.max_length = max_length
        key = hashlib.sha256(f"{location}\x1f{max_length}".encode()).hexdigest()[:16]
        target = cache_dir / f"onnx-{key}" / "model.onnx"
        if not target.is_file():
            _export(model, target)
        self.path = target
        self.session = self._session(threads or min(4, os.cpu_count() or 1))
        self._single: Any = None  # a one-thread session for queries, made on first use
        self.inputs = {i.name for i in self.session.get_inputs()}

    def _session(self, threads: int) -> Any:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.log_severity_level = 3
        return ort.InferenceSession(str(self.path), options, providers=["CPUExecutionProvider"])

    def encode(self, texts: list[str], batch_size: int, *, single_thread: bool = False) -> np.ndarray:
        session = self.session
        if single_thread:
            if self._single is None:
                self._single = self._session(1)
            session = self._single
        # Batches of similar length pad less (sentence-transformers does the same).
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        pooled = self._encode_sorted(session, [texts[i] for i in order], batch_size)
        out = np.empty_like(pooled)
        out[order] = pooled
        return out

    def _encode_sorted(self, session: Any, texts: list[str], batch_size: int) -> np.ndarray:
        out: list[np.ndarray] = []
        for start in range(0, len(texts), batch_size):
            enc = self.tokenizer(
                texts[start : start + batch_size],
                padding=True,
                truncation=True,
                max_length=self.max_length,
                return_tensors="np",
            )
            feed = {name: np.asarray(enc[name], dtype=np.int64) for name in self.inputs if name in enc}
            if "token_type_ids" in self.inputs and "token_type_ids" not in feed:
                feed["token_type_ids"] = np.zeros_like(feed["input_ids"])
            hidden = session.run(None, feed)[0]
            if self.pooling == "cls":
                pooled = hidden[:, 0]
            else:
                mask = np.asarray(enc["attention_mask"], dtype=np.float32)[..., None]
                pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
            out.append(pooled.astype(np.float32))
        return np.vstack(out)
