"""``inclusion-workbook serve``: the workshop's Voila server, configured safely."""

from __future__ import annotations

import argparse
import compileall
import ipaddress
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from inclusion_widgets.app.query import CREATE_PARAM
from inclusion_widgets.config import CREATION_KEY_ENV, MAX_KERNELS_ENV, PAGE_GONE_ENV, Settings
from inclusion_widgets.i18n import Translator, language_from_env, translator
from inclusion_widgets.kernels import FORKING_PROVISIONER
from inclusion_widgets.store import Store, StoreError

PARTICIPANT_NOTEBOOK = "participant.ipynb"
WEBSOCKET_MAX_BYTES = 128 * 1024 * 1024
DEFAULT_POOL_SIZE = 1
"""A waiting kernel runs the notebook up to reading the page's query string, so it is
busy, not idle, and culling leaves it alone; the kernel of a closed tab is culled."""
WAITING_KERNEL_BYTES = 75 * 2**20
"""What one participant kernel waiting in the pool holds: about 73 MiB measured
(benchmarks/results.md, "kernel RSS, participant"), rounded up."""
POOL_MEMORY_SHARE = 0.5
"""The share of the memory available when the server starts that waiting kernels may take;
the rest is for the kernels in use, which grow as people work (100-200 MB after an hour)."""
KERNEL_IN_USE_BYTES = 200 * 2**20
"""What the kernel of a page in use may grow to after an hour of work: 100-200 MB was seen
on a real workshop (the facilitator's, with pandas, is the larger)."""
KERNEL_MEMORY_SHARE = 0.8
"""The share of the memory available when the server starts that kernels may take; the
rest is for the server itself and the machine."""
FACILITATOR_NOTEBOOK = "facilitator.ipynb"
PRESENTER_NOTEBOOK = "presenter.ipynb"
HOST_NAMES_ENV = "INCLUSION_HOST_NAMES"
CERTFILE_ENV = "INCLUSION_CERTFILE"
KEYFILE_ENV = "INCLUSION_KEYFILE"
"""How ``serve`` tells :mod:`.voila_server` the names it answers to and its TLS files."""
STOP_SECONDS = 30
"""How long Voila is given to stop its kernels before it is killed."""
START_NOTEBOOK = "start.ipynb"


PACKAGE_FOLDER = Path(__file__).resolve().parent.parent


def compile_bytecode(folder: Path = PACKAGE_FOLDER) -> None:
    """Keep the package's compiled bytecode beside its sources, once for every kernel.

    Where Python is told not to write bytecode (``PYTHONDONTWRITEBYTECODE``, common in
    containers) and the package was installed from source (``pip install -e``), every
    kernel would otherwise compile the modules of its page again: about 0.15 s each
    time a page opens. Files already compiled are only checked; a folder that cannot
    be written is left as it is.
    """
    try:
        compileall.compile_dir(folder, quiet=2)
    except OSError:
        pass


def workbooks_folder() -> Path:
    """The notebooks served: shipped inside the package, or the source tree's ``workbooks/``."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "_workbooks"
    return installed if installed.is_dir() else here.parent / "workbooks"


def waiting_kernels(expected: int, available_bytes: int) -> int:
    """Participant kernels to keep waiting for a room of ``expected`` people: one each, as
    far as :data:`POOL_MEMORY_SHARE` of the memory available allows, and at least one."""
    affordable = int(available_bytes * POOL_MEMORY_SHARE) // WAITING_KERNEL_BYTES
    return max(1, min(expected, affordable))


def max_kernels(available_bytes: int, waiting: int) -> int:
    """The kernels the server may hold: the ``waiting`` ones kept ready in advance, and as
    many pages in use as :data:`KERNEL_MEMORY_SHARE` of the memory available allows beside
    them (at least one)."""
    budget = int(available_bytes * KERNEL_MEMORY_SHARE) - waiting * WAITING_KERNEL_BYTES
    return waiting + max(1, budget // KERNEL_IN_USE_BYTES)


def voila_command(
    folder: Path,
    port: int,
    ip: str,
    cull_idle_seconds: int,
    pool_size: int,
    participant_pool: int = 0,
    refill_delay_seconds: float = Settings.refill_delay_seconds,
    fork_kernels: bool = Settings.fork_kernels,
) -> list[str]:
    """The Voila command line: sources stripped, tracebacks hidden, idle kernels culled.

    Voila does not stop the kernel of a closed tab; culling kernels that have no open
    page any more keeps a workshop of forty people from leaving forty kernels behind.
    """
    command = [
        sys.executable,
        "-m",
        "inclusion_widgets.cli.voila_server",  # Voila with a Host check and TLS
        str(folder),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={ip}",
        "--strip_sources=True",
        "--show_tracebacks=False",
        # Never move to another port: the links printed name this one.
        "--Voila.port_retries=0",
        f"--MappingKernelManager.cull_idle_timeout={cull_idle_seconds}",
        f"--MappingKernelManager.cull_interval={max(10, cull_idle_seconds // 4)}",
        "--MappingKernelManager.cull_connected=False",
        # Over TCP each kernel binds five ports the server picked a moment earlier; when a
        # room opens its pages at once, two kernels can be handed one port and a page is
        # cut off. Unix sockets in the server's runtime folder cannot collide, and no
        # other program on the machine can connect to a kernel through a port.
        "--KernelManager.transport=ipc",
        # Tornado drops a websocket message over 10 MiB without a word; uploads must get
        # through to be refused by size with a sentence (the limit is 20 MB).
        f"--Voila.tornado_settings={{'websocket_max_message_size': {WEBSOCKET_MAX_BYTES}}}",
    ]
    if fork_kernels:
        command.append(f"--KernelProvisionerFactory.default_provisioner_name={FORKING_PROVISIONER}")
    if pool_size > 0:
        # Only the two workshop pages are worth a kernel waiting in advance.
        command += [
            "--preheat_kernel=True",
            f"--pool_size={pool_size}",
            "--VoilaKernelManager.preheat_denylist="
            "['checklist', 'action_plan', 'start', 'presenter']",
        ]
        if participant_pool > pool_size:
            # Voila refills a pool as soon as one of its kernels is taken.
            pools = {
                "default": {"pool_size": pool_size},
                PARTICIPANT_NOTEBOOK: {"pool_size": participant_pool},
            }
            command += [
                f"--VoilaKernelManager.kernel_pools_config={pools!r}",
                # Refilling right away would start a kernel per arrival while the room's
                # pages are still loading; the wait lets them finish first.
                f"--VoilaKernelManager.fill_delay={refill_delay_seconds}",
            ]
    return command


def port_problem(ip: str, port: int, t: Translator | None = None) -> str:
    """A sentence when ``port`` on ``ip`` cannot be listened on (another server has it)."""
    t = t or translator()
    with socket.socket() as probe:
        # As the server will: a port left in TIME_WAIT by a stopped server is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((ip, port))
        except OSError as error:
            return t.gettext(
                "Port {port} on {ip} is not free ({reason}): another server may be running "
                "there. Stop it, or choose another port with --port."
            ).format(port=port, ip=ip, reason=error.strerror or error)
    return ""


def page_url(base: str, notebook: str, query: str = "") -> str:
    return f"{base.rstrip('/')}/voila/render/{notebook}{query}"


def creation_key_for(ip: str) -> str:
    """The key the start page asks for before it creates a session, or "" for none.

    A server listening only on this machine's loopback is personal; one the room can
    reach is shared, and anyone in the room could otherwise create sessions on it.
    ``INCLUSION_CREATION_KEY`` sets the key instead of a random one.
    """
    chosen = os.environ.get(CREATION_KEY_ENV, "")
    if chosen:
        return chosen
    try:
        personal = ip == "localhost" or ipaddress.ip_address(ip).is_loopback
    except ValueError:
        personal = False
    return "" if personal else secrets.token_urlsafe(12)


def start_url(base: str, creation_key: str = "") -> str:
    """The start page's link; on a shared server it carries the creation key."""
    return page_url(base, START_NOTEBOOK, f"?{CREATE_PARAM}={creation_key}" if creation_key else "")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the participant and facilitator workbooks with Voila",
        description="Start the workshop server. Participants open the participant page with "
        "the session code; the facilitator opens the facilitator page with the code and key.",
    )
    parser.add_argument("--port", type=int, default=8866, help="port to listen on (8866)")
    parser.add_argument("--ip", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--db", help="store URL (default: INCLUSION_DB_URL or a SQLite file here)")
    parser.add_argument("--session", help="session code to print the links for")
    parser.add_argument(
        "--cull-idle",
        type=int,
        default=600,
        metavar="SECONDS",
        help="stop a kernel whose page was closed this long ago (600)",
    )
    parser.add_argument(
        "--pool-size",
        type=int,
        default=DEFAULT_POOL_SIZE,
        help="kernels kept running in advance for the participant and the facilitator page, "
        f"so a page opens faster; 0 turns it off ({DEFAULT_POOL_SIZE})",
    )
    parser.add_argument(
        "--expect",
        type=int,
        default=0,
        metavar="N",
        help="people expected to open the participant page in the same minute: keep a kernel "
        f"waiting for each (about {WAITING_KERNEL_BYTES // 2**20} MB each), as far as the "
        "machine's memory allows; the pool refills as people join",
    )
    parser.add_argument(
        "--host-name",
        action="append",
        default=[],
        metavar="NAME",
        help="a name people use to reach this server (e.g. workshop.example.org); requests "
        "for any other name are refused, which stops DNS rebinding (localhost and IP "
        "addresses always work; give it once per name)",
    )
    parser.add_argument(
        "--max-kernels",
        type=int,
        default=0,
        metavar="N",
        help="pages (kernels, the waiting ones included) the server holds at once; beyond "
        "them people see a page saying the workshop is full and to try again in a minute "
        f"(default: as many as the machine's memory allows, {KERNEL_IN_USE_BYTES // 2**20} MB "
        "each)",
    )
    parser.add_argument("--certfile", help="TLS certificate (PEM): serve HTTPS")
    parser.add_argument("--keyfile", help="private key of --certfile, if not in that file")
    parser.add_argument(
        "--lang",
        metavar="LANG",
        help="language of the messages, e.g. fr, el, lv (default: from LANGUAGE or LANG, "
        "else English)",
    )
    parser.set_defaults(run=run)


def launch(
    url: str,
    ip: str,
    port: int,
    cull_idle: int = 600,
    pool_size: int = DEFAULT_POOL_SIZE,
    creation_key: str = "",
    participant_pool: int = 0,
    host_names: Sequence[str] = (),
    certfile: str = "",
    keyfile: str = "",
    kernel_cap: int = 0,
) -> subprocess.Popen[bytes]:
    """Start Voila with every kernel pointed at the store ``url``.

    A kernel whose page stopped its heartbeat for the cull window (a minute at most)
    stops polling, so it goes idle and is culled one window later.
    """
    env = {
        PAGE_GONE_ENV: str(min(60, cull_idle)),
        **os.environ,
        "INCLUSION_DB_URL": url,
        CREATION_KEY_ENV: creation_key,
        HOST_NAMES_ENV: ",".join(host_names),
        CERTFILE_ENV: certfile,
        KEYFILE_ENV: keyfile,
        MAX_KERNELS_ENV: str(kernel_cap),
    }
    compile_bytecode()
    settings = Settings.from_env()
    command = voila_command(
        workbooks_folder(),
        port,
        ip,
        cull_idle,
        pool_size,
        participant_pool,
        settings.refill_delay_seconds,
        settings.fork_kernels,
    )
    return subprocess.Popen(command, env=env)  # noqa: S603 - our own fixed command line


def wait_until_up(base: str, process: subprocess.Popen[bytes], timeout: float = 60) -> bool:
    """True once the server answers; False if it stopped or did not answer in time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{base}/", timeout=2):  # noqa: S310 - our own server
                return True
        except OSError:
            time.sleep(0.3)
    return False


def serve_until_stopped(process: subprocess.Popen[bytes]) -> int:
    """Wait for Voila; Ctrl-C or SIGTERM stops it, and Voila stops every kernel it started."""

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()  # Voila shuts its kernels down on SIGTERM
        try:
            process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)


def shown_url(url: str) -> str:
    """The store URL as printed: a password in it is hidden."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def opened_at_once(t: Translator, kernel_cap: int, *, chosen: bool) -> str:
    """What the kernel cap means for the room, as ``serve`` and ``demo`` print it."""
    if chosen:
        message = t.ngettext(
            "At most {count} page open at once: beyond it people are asked to try again in "
            "a minute (--max-kernels).",
            "At most {count} pages open at once: beyond them people are asked to try again in "
            "a minute (--max-kernels).",
            kernel_cap,
        )
    else:
        message = t.ngettext(
            "At most {count} page open at once (what the memory of this machine allows): "
            "beyond it people are asked to try again in a minute (--max-kernels).",
            "At most {count} pages open at once (what the memory of this machine allows): "
            "beyond them people are asked to try again in a minute (--max-kernels).",
            kernel_cap,
        )
    return message.format(count=kernel_cap)


def run(args: argparse.Namespace) -> int:
    t = translator(getattr(args, "lang", None) or language_from_env())
    url = args.db or Settings.from_env().db_url
    try:
        store = Store(url)  # creates or upgrades the schema once, before any kernel starts
        session = store.session(args.session) if args.session else None
    except StoreError as error:
        print(t.sentence(error.template, error.params), file=sys.stderr)
        return 1
    store.close()
    problem = port_problem(args.ip, args.port, t)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    for path in (args.certfile, args.keyfile):
        if path and not Path(path).is_file():
            print(
                t.gettext("The TLS file {path} cannot be read.").format(path=path), file=sys.stderr
            )
            return 1
    base = f"{'https' if args.certfile else 'http'}://{args.ip}:{args.port}"
    query = f"?session={session.code}" if session else ""
    key_query = f"?session={session.code}&key=YOUR-KEY" if session else ""
    room_query = f"?session={session.code}&key=PRESENTER-KEY" if session else ""
    creation_key = creation_key_for(args.ip)
    _ = t.gettext
    print(_("Start page (create a session): {url}").format(url=start_url(base, creation_key)))
    if creation_key:
        print(
            _(
                "This server can be reached from other machines: the start page creates "
                "sessions only with the creation key {key} (it is in the link above)."
            ).format(key=creation_key)
        )
    import psutil

    available = psutil.virtual_memory().available
    participant_pool = 0
    if args.expect > 0 and args.pool_size > 0:
        participant_pool = waiting_kernels(args.expect, available)
        if participant_pool < args.expect:
            keeping = t.ngettext(
                "Keeping {count} participant kernel waiting for the {expected} people expected "
                "(about {size} MB each; the memory available allows no more, the others start "
                "as people arrive).",
                "Keeping {count} participant kernels waiting for the {expected} people expected "
                "(about {size} MB each; the memory available allows no more, the others start "
                "as people arrive).",
                participant_pool,
            )
        else:
            keeping = t.ngettext(
                "Keeping {count} participant kernel waiting for the {expected} people expected "
                "(about {size} MB each).",
                "Keeping {count} participant kernels waiting for the {expected} people expected "
                "(about {size} MB each).",
                participant_pool,
            )
        print(
            keeping.format(
                count=participant_pool,
                expected=args.expect,
                size=WAITING_KERNEL_BYTES // 2**20,
            )
        )
    # The participant and facilitator pages each keep a pool of waiting kernels.
    waiting = max(participant_pool, args.pool_size) + args.pool_size
    kernel_cap = args.max_kernels or max_kernels(available, waiting)
    print(opened_at_once(t, kernel_cap, chosen=bool(args.max_kernels)))
    print(_("Store: {url}").format(url=shown_url(url)))
    print(_("Participants open: {url}").format(url=page_url(base, PARTICIPANT_NOTEBOOK, query)))
    print(_("Facilitator opens: {url}").format(url=page_url(base, FACILITATOR_NOTEBOOK, key_query)))
    print(_("Room screen opens: {url}").format(url=page_url(base, PRESENTER_NOTEBOOK, room_query)))
    sys.stdout.flush()
    return serve_until_stopped(
        launch(
            url,
            args.ip,
            args.port,
            args.cull_idle,
            args.pool_size,
            creation_key,
            participant_pool,
            args.host_name,
            args.certfile or "",
            args.keyfile or "",
            kernel_cap,
        )
    )
