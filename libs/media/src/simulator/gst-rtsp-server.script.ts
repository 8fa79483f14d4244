// The Python program behind RtspServer, run by Debian's /usr/bin/python3 (gi and GstRtspServer come from Debian's
// packages). One process serves every camera's mount. Each mount reads the same pre-encoded H.264 loop
// (multifilesrc loop=true) and re-stamps every access unit with a running frame count: the raw byte stream has no
// timestamps, and restamping keeps them continuous across loops without ever decoding or encoding, so a camera
// costs almost no CPU. With a username, every mount requires RTSP Digest authentication, as cameras do.
// Control: JSON lines on stdin ({"id","cmd":"add|stop|start","mount"}), answers and the initial
// {"event":"ready","port"} on stdout; end of stdin ends the process.
export const GST_RTSP_SERVER_SCRIPT = String.raw`
import json, os, signal, sys
import gi
gi.require_version('Gst', '1.0')
gi.require_version('GstRtspServer', '1.0')
gi.require_version('GstRtsp', '1.0')
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer

Gst.init(None)
# Ctrl-C reaches the whole process group; this process ends when its parent closes stdin, after the parent is done.
signal.signal(signal.SIGINT, signal.SIG_IGN)
args = json.loads(sys.argv[1])
loop_file = args['loopFile']
fps = int(args['fps'])
frame = Gst.SECOND // fps
launch = ('( multifilesrc location="%s" loop=true ! h264parse name=parse ! '
          'video/x-h264,stream-format=byte-stream,alignment=au ! '
          'rtph264pay name=pay0 pt=96 config-interval=-1 )') % loop_file

server = GstRtspServer.RTSPServer()
server.set_address(args['host'])
server.set_service(str(args['port']))
mounts = server.get_mount_points()
secured = bool(args.get('username'))
if secured:
    auth = GstRtspServer.RTSPAuth()
    token = GstRtspServer.RTSPToken()
    token.set_string('media.factory.role', 'camera-user')
    auth.add_digest(args['username'], args['password'], token)
    # Digest only: the method set is an enum to PyGObject, so BASIC | DIGEST cannot be passed.
    auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
    server.set_auth(auth)
served = set()
clients_by_mount = {}

def restamp(media):
    count = [0]
    def probe(_pad, info):
        buf = info.get_buffer()
        buf.pts = count[0] * frame
        buf.dts = buf.pts
        buf.duration = frame
        count[0] += 1
        return Gst.PadProbeReturn.OK
    media.get_element().get_by_name('parse').get_static_pad('src').add_probe(Gst.PadProbeType.BUFFER, probe)

def factory():
    f = GstRtspServer.RTSPMediaFactory()
    f.set_launch(launch)
    f.set_shared(True)
    if secured:
        f.add_role_from_structure(Gst.Structure.new_from_string(
            'camera-user, media.factory.access=(boolean)true, media.factory.construct=(boolean)true'))
    f.connect('media-configure', lambda _f, media: restamp(media))
    return f

def mount_of(path):
    for mount in clients_by_mount:
        if path == mount or path.startswith(mount + '/'):
            return mount
    return None

def remember(client, ctx):
    mount = mount_of(ctx.uri.abspath)
    if mount is not None:
        clients_by_mount[mount].add(client)

def connected(_server, client):
    client.connect('describe-request', remember)
    client.connect('setup-request', remember)
    client.connect('closed', lambda c: [clients.discard(c) for clients in clients_by_mount.values()])

server.connect('client-connected', connected)

def add(mount):
    if mount not in served:
        mounts.add_factory(mount, factory())
        served.add(mount)
    clients_by_mount.setdefault(mount, set())

def stop(mount):
    if mount in served:
        mounts.remove_factory(mount)
        served.discard(mount)
    for client in list(clients_by_mount.get(mount, ())):
        client.close()
    clients_by_mount.get(mount, set()).clear()

def reply(message):
    sys.stdout.write(json.dumps(message) + '\n')
    sys.stdout.flush()

pending = b''
main = GLib.MainLoop()

def on_stdin(fd, _condition):
    global pending
    chunk = os.read(fd, 65536)
    if not chunk:
        main.quit()
        return False
    pending += chunk
    while b'\n' in pending:
        line, pending = pending.split(b'\n', 1)
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            if request['cmd'] in ('add', 'start'):
                add(request['mount'])
            elif request['cmd'] == 'stop':
                stop(request['mount'])
            else:
                raise ValueError('unknown command ' + request['cmd'])
            reply({'id': request['id'], 'ok': True})
        except Exception as error:
            reply({'id': request.get('id'), 'ok': False, 'error': str(error)})
    return True

server.attach(None)
GLib.io_add_watch(sys.stdin.fileno(), GLib.IO_IN | GLib.IO_HUP, on_stdin)
reply({'event': 'ready', 'port': server.get_bound_port()})
main.run()
`;
