#!/usr/bin/env bash
# Two jars' SQLite validation (session 36's ab-validate.sh per round), their order swapped every round so that a
# drift of the machine over the run favours neither: A="label=path" B="label=path" ROUNDS="1 2 3 4 5 6".
for r in ${ROUNDS:-1 2 3 4 5 6}; do
  if [ $((r % 2)) = 1 ]; then J="$A $B"; else J="$B $A"; fi
  JARS="$J" ROUNDS="$r" bash /work/main/dev-notes/2026-12-06-s36/lead/ab-validate.sh
done
