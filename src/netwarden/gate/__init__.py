"""The pre-connection gate (Art. 11): may this unit join the extranet?"""
