"""placeholder"""


def build_budget(session, scope):
    raise NotImplementedError
