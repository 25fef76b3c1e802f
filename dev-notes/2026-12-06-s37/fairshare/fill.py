"""How many holders it takes to fill a lane under QueuePlaces' rule (a holder with h places takes one more while
h * one_in < free + h), with nothing given back (the worker held), and what a sustained flood leaves free.
Run: python3 fill.py (a fraction of a second)."""
import random


def one_after_another(places, one_in):
    """Each holder floods until refused before the next begins: the worst order. The places left after each."""
    free, left = places, []
    while free > 0:
        free -= -(-free // one_in)  # a holder alone among what the others leave takes ceil(left / one_in)
        left.append(free)
    return left


def at_once(places, one_in, holders, order):
    """Every holder asks in turn (round robin, or a random pick) until none is given a place: what is left."""
    held, total = [0] * holders, 0
    took = True
    while took:
        took = False
        for h in order(holders):
            free = places - total
            if free >= 1 and held[h] * one_in < free + held[h]:
                held[h] += 1
                total += 1
                took = True
    return places - total


random.seed(37)
for name, places, one_in in (("portal, shops", 1000, 4), ("console, networks", 100, 10), ("portal, networks", 1000, 10)):
    left = one_after_another(places, one_in)
    print(f"{name}: one after another, full with holder {len(left)}; left after each: {left[:8]} ...")
    for n in (4, 5, 12, 21, 27):
        rr = at_once(places, one_in, n, range)
        rnd = min(at_once(places, one_in, n, lambda k: [random.randrange(k) for _ in range(k)]) for _ in range(5))
        print(f"  {n} at once: left {rr} (round robin), {rnd} (least of 5 random orders)")
    for n in (100, 900, 3000):
        print(f"  sustained flood of {n}: about {(one_in - 1) * places / (n + one_in - 1):.1f} free")
