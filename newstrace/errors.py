"""The one exception hierarchy of newstrace, with stable codes and CLI exit codes.

Every error a user can cause derives from :class:`NewstraceError`, carries a stable code (``E1xx``
for input, ``E2xx`` for fetching, ``E3xx`` for analyzers and models, ``E4xx`` for the corpus store)
and the exit code the CLI returns for it. Messages are one line and say what to do.

::

    NewstraceError                      exit 1   E000
    ├── InputError                      exit 2   E100 the content given cannot be analysed (missing file)
    │   ├── EmptyInputError                      E101 nothing (or only white space) was given
    │   ├── BinaryInputError                     E102 the content is not text (image, PDF, archive ...)
    │   ├── InputTooLargeError                   E103 over the size limit (--max-bytes)
    │   ├── NoArticleError                       E104 the page has no extractable article text
    │   └── RegistryFileError                    E110 a user outlet-registry file is missing or malformed
    ├── FetchError                      exit 3   a URL could not be fetched
    │   ├── UnreachableError                     E201 network error, DNS failure, offline, timeout
    │   ├── HTTPStatusError                      E202 the server answered with an error status
    │   └── UnsupportedContentError              E203 the URL is not an HTML or text page
    ├── AnalyzerError                   exit 4
    │   ├── UnknownAnalyzerError                 E301 --only names an analyzer that does not exist
    │   └── ModelMissingError                    E302 a model package or data file is not installed
    └── StoreError                      exit 5   E401 the corpus store cannot be opened or written
"""

from __future__ import annotations

__all__ = [
    "AnalyzerError",
    "BinaryInputError",
    "EmptyInputError",
    "FetchError",
    "HTTPStatusError",
    "InputError",
    "InputTooLargeError",
    "ModelMissingError",
    "NewstraceError",
    "NoArticleError",
    "RegistryFileError",
    "StoreError",
    "UnknownAnalyzerError",
    "UnreachableError",
    "UnsupportedContentError",
]


class NewstraceError(Exception):
    """Base of every error newstrace raises on purpose."""

    code = "E000"
    exit_code = 1

    def __str__(self) -> str:
        return f"{self.code}: {super().__str__()}"


class InputError(NewstraceError):
    code = "E100"  # also: a missing or unreadable file
    exit_code = 2


class EmptyInputError(InputError):
    code = "E101"


class BinaryInputError(InputError):
    code = "E102"


class InputTooLargeError(InputError):
    code = "E103"


class NoArticleError(InputError):
    code = "E104"


class RegistryFileError(InputError):
    code = "E110"


class FetchError(NewstraceError):
    code = "E200"
    exit_code = 3


class UnreachableError(FetchError):
    code = "E201"


class HTTPStatusError(FetchError):
    code = "E202"


class UnsupportedContentError(FetchError):
    code = "E203"


class AnalyzerError(NewstraceError):
    code = "E300"
    exit_code = 4


class UnknownAnalyzerError(AnalyzerError):
    code = "E301"


class ModelMissingError(AnalyzerError):
    code = "E302"


class StoreError(NewstraceError):
    code = "E401"
    exit_code = 5
