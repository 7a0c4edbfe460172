"""kombu's filesystem transport (the embedded default's broker), with atomic message writes.

kombu 5.7 creates the message file under its final name and only then writes into it, so a
worker polling the folder can take the file while it is still empty and die on a
JSONDecodeError. Here each message is written under a name the reader ignores and renamed into
place once complete: a rename within one folder is atomic.
"""

import os
import uuid
from time import monotonic

from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = f"{final}.partial"  # not "<queue>.msg": the reader skips it
        try:
            with open(partial, "wb") as handle:
                handle.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            raise filesystem.ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel
