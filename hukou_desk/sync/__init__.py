"""Station ↔ centre: bundles exported at a station and imported at the centre.

- `bundle`: the file (sealed chunks, signed manifest, JSON Lines tables); `manifest`: its
  manifest as a type;
- `exporting`: at the station, everything not acknowledged, sealed for the centre;
- `importing`: at the centre, one bundle in one transaction; `owners` checks that every row is
  the signing station's, `trust` its keys, seals, trail and deciders, `loading` writes the rows,
  `lookup` finds rows in chunks;
- `acknowledgement`: the centre's signed word back, installed at the station;
- `status`, `trail`, `reference`, `update`, `centre`: the desk's sync status, the trail checked
  whole, the centre's reference data, update packages, the centre's database.
"""
