"""Several sessions giving the same second-factor code at the same instant, in this process's
threads, each with its own database connection. Run by tests/test_signin_races.py in a
process of its own, on a fresh database (an SQLite file or a PostgreSQL database): an
in-memory SQLite test database shares one cache between threads and would fail with "table
is locked" where a real file waits for the lock.

Prints one JSON line: for each kind of code, per round, how many sessions were let in.
"""

import json
import threading
import time

ROUNDS = 5
SESSIONS = 4


def at_once(work, *args, n=SESSIONS):
    """Run `work(*args)` in n threads released together by a barrier; their results."""
    from django.db import connection

    barrier = threading.Barrier(n)
    results, errors = [None] * n, []

    def run(i):
        try:
            barrier.wait(timeout=30)
            results[i] = work(*args)
        except Exception as error:  # reported to the test, which fails on it
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def person(n):
    """A new account with its app set up (with the previous time step's code) and its
    recovery codes; each round has its own, so no round waits for a fresh time step."""
    from django_otp.oath import TOTP

    from django.contrib.auth import get_user_model

    from home import twofactor

    user = get_user_model().objects.create_user(f"staff{n}", f"staff{n}@example.jp", "pw-pw-pw")
    device = twofactor.pending_device(user)
    totp = TOTP(device.bin_key)
    totp.time = time.time() - 30
    assert twofactor.confirm(device, f"{totp.token():06d}").device
    totp.time = time.time()
    return user, f"{totp.token():06d}", twofactor.new_recovery_codes(user)


def verified(user, code):
    from home import twofactor

    return twofactor.check(user, code).device is not None


def main():
    import django

    django.setup()
    from django_otp.plugins.otp_static.models import StaticDevice

    from django.core.management import call_command

    from home import twofactor

    call_command("migrate", verbosity=0)
    report = {"app": [], "recovery": [], "recovery_left": [], "errors": []}
    for round_ in range(ROUNDS):
        user, app_code, codes = person(round_)
        results, errors = at_once(verified, user, app_code)
        report["app"].append(results.count(True))
        report["errors"] += errors
        # The other sessions' tries were the same code, not guesses: no pause before the
        # recovery code (a wrong code counts against the app and the recovery codes alike).
        twofactor.app_device(user).throttle_reset()
        StaticDevice.objects.get(user=user).throttle_reset()

        results, errors = at_once(verified, user, codes[0])
        report["recovery"].append(results.count(True))
        report["recovery_left"].append(twofactor.recovery_codes_left(user))
        report["errors"] += errors
    print(json.dumps(report))


if __name__ == "__main__":
    main()
