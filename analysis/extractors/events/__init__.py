"""Events: the trigger lexicon, the arguments of a trigger, the actors of events, their victims,
and the coder that turns them into :class:`Event` records."""
