"""Where: the offline place index (GeoNames from pip packages) and the resolution of place
names to points, admin areas and a precision. Needs no model and no network."""
