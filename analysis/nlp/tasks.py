"""Texts that travel through ``nlp.pipe`` with a task: what a pipeline component needs to know
about the report it is reading, carried to spaCy's worker processes with the text itself."""
from __future__ import annotations

from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

TASK = "workbook_task"  # the key of a text's task in ``doc.user_data``


class TaskText(str):
    """A text that travels through ``nlp.pipe`` with a ``task`` for a pipeline component: the
    tokenizer puts it in ``doc.user_data[TASK]``.

    ``nlp.pipe(as_tuples=True)`` carries a context too, but with ``n_process > 1`` it tokenizes
    each text and serializes the Doc in the calling process to send it to a worker; a TaskText
    is sent as the text it is (pickled with its task) and tokenized in the worker.
    """

    task: object

    def __new__(cls, text: str, task: object) -> "TaskText":
        obj = super().__new__(cls, text)
        obj.task = task
        return obj

    def __reduce__(self):
        return TaskText, (str(self), self.task)


class TaskTokenizer:
    """The pipeline's tokenizer, handing a :class:`TaskText`'s task on to its Doc."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        task = getattr(text, "task", None)
        if task is None:
            return self.tokenizer(text)
        doc = self.tokenizer(str(text))  # spaCy's tokenizer takes exact str only
        doc.user_data[TASK] = task
        return doc

    def __getattr__(self, name: str):   # add_special_case, explain, vocab, ...
        return getattr(self.tokenizer, name)


def run_tasks(nlp: Language, tasks: Iterable[tuple[str, object]], *, processes: int = 1,
              batch_size: int = 32) -> Iterator[object]:
    """Stream ``(text, task)`` pairs through ``nlp`` and yield, in order, the result the
    pipeline's last component left as each Doc's context (see :mod:`analysis.nlp.components`); with
    ``processes > 1`` the components run in spaCy's worker processes."""
    kwargs = {"batch_size": batch_size}
    if processes > 1:
        kwargs["n_process"] = processes
    for doc in nlp.pipe((TaskText(text, task) for text, task in tasks), **kwargs):
        yield doc._context
