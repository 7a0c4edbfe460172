"""Views of the targets app: the split of province targets, achievements and the Rakerda page.

Every page starts from the user's scope (`for_user`): a province outside it is a 404, and so is
any post by someone who may only read (national leadership) or may not set targets
(coordinators).
"""
