"""The one error type the offline stage reports to users: it names the file and what is wrong."""


class InputError(Exception):
    """Bad input. Printed as one line (no traceback) and the CLI exits with code 2."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")
