// kalturasrc element code: properties, the URI handler, GstBaseSrc's
// start/stop/size/seek/fill. The work is the library's: flavor_lookup finds
// the flavor and its URL, RangeReader reads it (on a libsoup session and
// thread of its own, see download_thread.h), EntryWatcher waits for READY.
//
// Threads: the application thread (properties, start, stop, unlock), the
// thread that calls fill() (the streaming task in push mode, a pulling
// element's task in pull mode; GstBaseSrc serialises fill() calls), and the
// thread of the first duration query in bytes, which may open the flavor.
//
// Locks: settings_lock guards the properties, state_lock the facts a run
// shows (ids, stats) and the reader and watcher pointers unlock() cancels;
// open_lock lets one thread open the flavor (ensure_flavor_open). Lock
// order: open_lock, settings_lock, state_lock; only open_lock is held across
// network calls and message posts (a duration query met during an opening
// does not wait for it). The Run exists from start() to stop(); GstBaseSrc does not
// call fill() outside that span, the application threads take it under
// state_lock and hold it (shared) while they use it, stop() cancels and then
// waits for an opening, and unlock() only cancels, which every part allows
// from any thread.
#include "gstkalturasrc.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "entry_tags.h"
#include "kaltura/client.h"
#include "kaltura/download/flavor_lookup.h"
#include "kaltura/download/range_reader.h"
#include "kaltura/upload/entry_watcher.h"
#include "kaltura_connection.h"
#include "kaltura_element_errors.h"
#include "kaltura_entry_following.h"
#include "kaltura_messages.h"
#include "kaltura_property_state.h"
#include "kaltura_uri_parts.h"
#include "kalturasrc_uri.h"
#include "string_property_table.h"
#include "url_password.h"

GST_DEBUG_CATEGORY_STATIC(kaltura_src_debug);
#define GST_CAT_DEFAULT kaltura_src_debug

namespace {

using kaltura::Error;
using kaltura::ErrorKind;
namespace messages = kaltura_messages;

constexpr guint kDefaultBlocksize = 64 * 1024;

enum PropertyId : guint {
  PROP_0,
  PROP_ENTRY_ID,
  PROP_FLAVOR_PARAMS_ID,
  PROP_FLAVOR_ASSET_ID,
  PROP_WAIT_READY,
  PROP_WAIT_TIMEOUT,
  PROP_STATS,
  PROP_CONNECTION_FIRST,  // then kKalturaConnectionPropertyCount connection properties
};


struct Settings {
  KalturaConnectionSettings connection;
  std::string entry_id;
  int flavor_params_id = 0;
  std::string flavor_asset_id;
  bool wait_ready = false;
  unsigned wait_timeout_seconds = 0;
};

// What a run shows to other threads; guarded by state_lock.
struct RunState {
  std::string entry_id, flavor_asset_id;
  uint64_t bytes_read = 0;
  uint64_t requests = 0, resumes = 0;  // the reader's, kept when it goes (stats stay readable after stop)
  bool flushing = false;  // from unlock() to unlock_stop(): what the opening makes is cancelled at once
};

// How far the opening of the flavor is (ensure_flavor_open). Failed: an
// error was posted; a cancelled opening goes back to NotYet.
enum class FlavorOpening { NotYet, Opening, Open, Failed };

// What exists from start() to stop(). The client comes with start(); the
// rest when the flavor is opened (open_flavor), at the first read or
// question about the length.
struct Run {
  Settings settings;
  std::vector<std::string> secrets;
  std::unique_ptr<kaltura::Client> client;
  // Set under state_lock as well: unlock() and the stats read them.
  std::unique_ptr<kaltura::download::RangeReader> reader;
  std::shared_ptr<kaltura::upload::EntryWatcher> watcher;  // while wait-ready waits
  // The opening is done by one thread at a time, under open_lock; others
  // read how far it is without the lock.
  std::mutex open_lock;
  std::atomic<FlavorOpening> opening{FlavorOpening::NotYet};
  int64_t size = -1;  // set before opening becomes Open
  // Set under state_lock by stop(): the reader or watcher an opening makes
  // afterwards starts out cancelled.
  bool stopping = false;
  // The entry's tags, announced with the first buffer (null once announced, or if none).
  std::unique_ptr<GstTagList, decltype(&gst_tag_list_unref)> entry_tags{nullptr, gst_tag_list_unref};
};

struct Private {
  std::mutex settings_lock;
  Settings settings;
  std::mutex state_lock;
  RunState state;
  // Shared: a duration query's thread keeps the Run it opens alive should
  // stop() take it away meanwhile.
  std::shared_ptr<Run> run;
};

}  // namespace

struct _GstKalturaSrc {
  GstBaseSrc parent;
  Private* priv;
};

static void uri_handler_init(gpointer iface, gpointer data);

G_DEFINE_TYPE_WITH_CODE(GstKalturaSrc, gst_kaltura_src, GST_TYPE_BASE_SRC,
                        G_IMPLEMENT_INTERFACE(GST_TYPE_URI_HANDLER, uri_handler_init))
GST_ELEMENT_REGISTER_DEFINE(kalturasrc, "kalturasrc", GST_RANK_NONE, GST_TYPE_KALTURA_SRC)

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE("src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);

namespace {

GstElement* element_of(GstKalturaSrc* self) { return GST_ELEMENT(self); }

// The secrets come from the Run at hand: stop() may take priv->run away
// meanwhile (an opening on an application's thread).
KalturaErrorContext error_context(GstKalturaSrc* self, const Run& run) {
  KalturaErrorContext context;
  Private* priv = self->priv;
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    context.entry_id = priv->state.entry_id;
    context.flavor_asset_id = priv->state.flavor_asset_id;
  }
  context.secrets = kaltura_run_secrets(run.secrets, run.client.get());
  return context;
}

void set_property(GObject* object, guint property_id, const GValue* value, GParamSpec* pspec) {
  if (!kaltura_property_may_change(GST_ELEMENT(object), pspec)) return;
  auto* self = GST_KALTURA_SRC(object);
  std::lock_guard<std::mutex> lock(self->priv->settings_lock);
  Settings& settings = self->priv->settings;
  if (kaltura_connection_set(settings.connection, PROP_CONNECTION_FIRST, property_id, value)) return;
  switch (property_id) {
    case PROP_ENTRY_ID: {
      const char* text = g_value_get_string(value);
      settings.entry_id = text ? text : "";
      break;
    }
    case PROP_FLAVOR_PARAMS_ID: settings.flavor_params_id = g_value_get_int(value); break;
    case PROP_FLAVOR_ASSET_ID: {
      const char* text = g_value_get_string(value);
      settings.flavor_asset_id = text ? text : "";
      break;
    }
    case PROP_WAIT_READY: settings.wait_ready = g_value_get_boolean(value); break;
    case PROP_WAIT_TIMEOUT: settings.wait_timeout_seconds = g_value_get_uint(value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID(object, property_id, pspec); break;
  }
}

void get_property(GObject* object, guint property_id, GValue* value, GParamSpec* pspec) {
  auto* self = GST_KALTURA_SRC(object);
  Private* priv = self->priv;
  if (property_id == PROP_STATS) {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    // requests and resumes come from the reader while it runs.
    guint64 requests = priv->state.requests, resumes = priv->state.resumes;
    if (priv->run && priv->run->reader) {
      requests = priv->run->reader->requests();
      resumes = priv->run->reader->resumes();
    }
    g_value_take_boxed(value, gst_structure_new("stats", "bytes-read", G_TYPE_UINT64, priv->state.bytes_read,
                                                "requests", G_TYPE_UINT64, requests, "resumes", G_TYPE_UINT64,
                                                resumes, nullptr));
    return;
  }
  std::lock_guard<std::mutex> lock(priv->settings_lock);
  const Settings& settings = priv->settings;
  if (kaltura_connection_get(settings.connection, PROP_CONNECTION_FIRST, property_id, value)) return;
  switch (property_id) {
    case PROP_ENTRY_ID: g_value_set_string(value, settings.entry_id.empty() ? nullptr : settings.entry_id.c_str()); break;
    case PROP_FLAVOR_PARAMS_ID: g_value_set_int(value, settings.flavor_params_id); break;
    case PROP_FLAVOR_ASSET_ID:
      g_value_set_string(value, settings.flavor_asset_id.empty() ? nullptr : settings.flavor_asset_id.c_str());
      break;
    case PROP_WAIT_READY: g_value_set_boolean(value, settings.wait_ready); break;
    case PROP_WAIT_TIMEOUT: g_value_set_uint(value, settings.wait_timeout_seconds); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID(object, property_id, pspec); break;
  }
}

bool is_chosen_flavor(const Settings& settings, const kaltura::FlavorAsset& flavor) {
  return settings.flavor_asset_id.empty() ? flavor.flavor_params_id == settings.flavor_params_id
                                          : flavor.id == settings.flavor_asset_id;
}

// wait-ready: follows the entry, posting the same messages as kalturasink,
// until the chosen flavor is READY (or the entry, when it has no flavors to
// follow). Throws FLAVOR_PROCESSING_FAILED when that flavor fails.
void wait_for_flavor(GstKalturaSrc* self, Run& run, const std::string& entry_id) {
  const Settings& settings = run.settings;
  bool flavor_ready = false;
  auto callbacks = kaltura_following_callbacks(
      element_of(self), [self](GstMessage* message) { gst_element_post_message(element_of(self), message); },
      [&settings](const kaltura::FlavorAsset& flavor) { return is_chosen_flavor(settings, flavor); });
  const auto announce_ready = callbacks.on_flavor_ready;
  callbacks.on_flavor_ready = [&settings, &flavor_ready, announce_ready](const kaltura::FlavorAsset& flavor) {
    announce_ready(flavor);
    if (is_chosen_flavor(settings, flavor)) flavor_ready = true;
  };
  callbacks.done_early = [&flavor_ready](const kaltura::Entry&) { return flavor_ready; };
  auto watcher = std::make_shared<kaltura::upload::EntryWatcher>(*run.client, entry_id, callbacks);
  {
    std::lock_guard<std::mutex> lock(self->priv->state_lock);
    run.watcher = watcher;
    if (self->priv->state.flushing || run.stopping) watcher->cancel();
  }
  const kaltura::Entry entry =
      kaltura_wait_for_entry(*watcher, *run.client, entry_id, kaltura::upload::WaitGoal::AllFlavors,
                             std::chrono::seconds(settings.wait_timeout_seconds));
  if (entry.status == static_cast<int>(kaltura::EntryStatus::Ready))
    gst_element_post_message(element_of(self), messages::entry_ready(element_of(self), entry));
}

// What a person can do about a flavor that is not READY. NOT_APPLICABLE
// never changes: the server does not make this rendition from this source
// (Kaltura makes none larger than the source); its description says why.
std::string why_not_ready(const kaltura::FlavorAsset& flavor, bool waited) {
  if (flavor.status == static_cast<int>(kaltura::FlavorStatus::NotApplicable))
    return ": it is not made from this source" + (flavor.description.empty() ? "" : " (" + flavor.description + ")") +
           "; read another flavor-params-id, or 0 for the source";
  if (flavor.status == static_cast<int>(kaltura::FlavorStatus::Error))
    return ": the server failed to make it" + (flavor.description.empty() ? "" : " (" + flavor.description + ")") +
           "; read another flavor-params-id, or 0 for the source";
  if (flavor.status == static_cast<int>(kaltura::FlavorStatus::Deleted)) return ": it was deleted";
  return waited ? "" : " (wait-ready=true waits for it)";
}

// Finds the flavor (waiting for it first with wait-ready) and opens it.
void open_flavor(GstKalturaSrc* self, Run& run) {
  Private* priv = self->priv;
  const Settings& settings = run.settings;
  kaltura::download::FlavorChoice choice{settings.entry_id, settings.flavor_params_id, settings.flavor_asset_id};
  if (settings.wait_ready) {
    std::string entry_id = settings.entry_id;
    if (entry_id.empty()) entry_id = kaltura::download::find_flavor(*run.client, choice).flavor.entry_id;
    wait_for_flavor(self, run, entry_id);
  }
  const kaltura::download::EntryFlavor found = kaltura::download::find_flavor(*run.client, choice);
  const kaltura::FlavorAsset& flavor = found.flavor;
  run.entry_tags.reset(entry_tags(found.entry));
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    priv->state.entry_id = flavor.entry_id;
    priv->state.flavor_asset_id = flavor.id;
  }
  if (flavor.status != static_cast<int>(kaltura::FlavorStatus::Ready))
    throw Error(ErrorKind::Api, "FLAVOR_ASSET_IS_NOT_READY",
                "Flavor \"" + flavor.id + "\" is " + kaltura::flavor_status_name(flavor.status) + ", not READY" +
                    why_not_ready(flavor, settings.wait_ready),
                {{"FLAVOR_ASSET_ID", flavor.id}});
  kaltura::Client* client = run.client.get();
  const std::string flavor_id = flavor.id;
  auto reader = std::make_unique<kaltura::download::RangeReader>(
      settings.connection.download_settings(), settings.connection.client_config().retry,
      [client, flavor_id] { return kaltura::download::flavor_download_url(*client, flavor_id); },
      client->config().on_retry);
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    run.reader = std::move(reader);
    if (priv->state.flushing || run.stopping) run.reader->cancel();
  }
  run.size = run.reader->size();
  GST_INFO_OBJECT(self, "reading flavor %s of entry %s (flavor params %d, %s): %" G_GINT64_FORMAT " bytes",
                  flavor.id.c_str(), flavor.entry_id.c_str(), flavor.flavor_params_id,
                  flavor.file_ext.empty() ? "no extension" : flavor.file_ext.c_str(), run.size);
}

gboolean src_start(GstBaseSrc* base) {
  auto* self = GST_KALTURA_SRC(base);
  Private* priv = self->priv;
  auto run = std::make_unique<Run>();
  {
    std::lock_guard<std::mutex> lock(priv->settings_lock);
    run->settings = priv->settings;
  }
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    priv->state = RunState();
    priv->state.entry_id = run->settings.entry_id;
    priv->state.flavor_asset_id = run->settings.flavor_asset_id;
  }
  const kaltura::Credentials credentials = run->settings.connection.credentials();
  run->secrets = run->settings.connection.secrets();
  {
    // get_property reads the reader's counters under state_lock.
    std::lock_guard<std::mutex> lock(priv->state_lock);
    priv->run = std::move(run);
  }
  Run& current = *priv->run;
  if (current.settings.entry_id.empty() && current.settings.flavor_asset_id.empty()) {
    kaltura_post_message(element_of(self), GST_MESSAGE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
                         "Nothing to read: set entry-id (with flavor-params-id) or flavor-asset-id", "",
                         error_context(self, current));
    return FALSE;
  }
  if (!credentials.usable()) {
    kaltura_post_message(element_of(self), GST_MESSAGE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
                         credentials.what_is_missing(), "", error_context(self, current));
    return FALSE;
  }
  try {
    current.client = std::make_unique<kaltura::Client>(
        current.settings.connection.client_config_posting_retries(element_of(self), current.secrets), credentials);
  } catch (const Error& error) {
    kaltura_post_error(element_of(self), error, "Setting up the Kaltura client", error_context(self, current),
                       KalturaTransfer::Download, true);
    return FALSE;
  }
  return TRUE;
}

// The part of starting that talks to the server: the Kaltura session, the
// flavor's lookup (after waiting for it with wait-ready) and its size. It
// runs at the first read, or when a demuxer reading in pull mode asks the
// length first (typefind does), on that streaming thread; not in start(),
// where a wait of minutes for processing, or a server that does not answer,
// would hold the state change beyond the reach of unlock() and of Ctrl-C.
// GST_FLOW_FLUSHING when cancelled (tried again after a flush), and
// GST_FLOW_ERROR, for good, once an error is posted.
// With OpenIfFree, an opening under way on another thread is not waited for:
// GST_FLOW_FLUSHING (not now) at once.
enum class OpenWait { Wait, OpenIfFree };
GstFlowReturn ensure_flavor_open(GstKalturaSrc* self, Run& run, OpenWait wait = OpenWait::Wait) {
  if (run.opening == FlavorOpening::Open) return GST_FLOW_OK;
  std::unique_lock<std::mutex> one_at_a_time(run.open_lock, std::defer_lock);
  if (wait == OpenWait::Wait)
    one_at_a_time.lock();
  else if (!one_at_a_time.try_lock())
    return GST_FLOW_FLUSHING;
  if (run.opening == FlavorOpening::Open) return GST_FLOW_OK;
  if (run.opening == FlavorOpening::Failed) return GST_FLOW_ERROR;
  const char* doing = "Starting a Kaltura session";
  run.opening = FlavorOpening::Opening;
  try {
    run.client->ensure_session();
    doing = run.settings.wait_ready ? "Waiting for the flavor" : "Opening the flavor";
    open_flavor(self, run);
  } catch (const Error& error) {
    if (error.kind() == ErrorKind::Cancelled) {
      run.opening = FlavorOpening::NotYet;
      return GST_FLOW_FLUSHING;
    }
    kaltura_post_error(element_of(self), error, doing, error_context(self, run), KalturaTransfer::Download, true);
    run.opening = FlavorOpening::Failed;
    return GST_FLOW_ERROR;
  }
  // GstBaseSrc asked the size at start, before it was known: it learns it
  // here, as from souphttpsrc once the headers arrive.
  GST_OBJECT_LOCK(self);
  GST_BASE_SRC(self)->segment.duration = run.size;
  GST_OBJECT_UNLOCK(self);
  run.opening = FlavorOpening::Open;
  if (run.size >= 0) gst_element_post_message(element_of(self), gst_message_new_duration_changed(GST_OBJECT(self)));
  return GST_FLOW_OK;
}

gboolean src_stop(GstBaseSrc* base) {
  auto* self = GST_KALTURA_SRC(base);
  std::shared_ptr<Run> run;
  {
    // get_property reads the reader's counters under state_lock.
    std::lock_guard<std::mutex> lock(self->priv->state_lock);
    run = std::move(self->priv->run);
    if (run) {
      if (run->reader) {
        self->priv->state.requests = run->reader->requests();
        self->priv->state.resumes = run->reader->resumes();
      }
      // GstBaseSrc calls unlock_stop() before stop(), which undid unlock()'s
      // cancels: an opening on a thread it does not join (an application's
      // duration query) is cancelled again here, for good.
      run->stopping = true;
      if (run->reader) run->reader->cancel();
      if (run->watcher) run->watcher->cancel();
      if (run->client) run->client->cancel_all();
    }
  }
  // Such an opening ends before the Run goes.
  if (run) {
    std::lock_guard<std::mutex> opening_ended(run->open_lock);
  }
  return TRUE;
}

gboolean src_unlock(GstBaseSrc* base) {
  Private* priv = GST_KALTURA_SRC(base)->priv;
  std::lock_guard<std::mutex> lock(priv->state_lock);
  priv->state.flushing = true;
  Run* run = priv->run.get();
  if (!run) return TRUE;
  if (run->reader) run->reader->cancel();
  if (run->watcher) run->watcher->cancel();
  if (run->client) run->client->cancel_all();
  return TRUE;
}

gboolean src_unlock_stop(GstBaseSrc* base) {
  Private* priv = GST_KALTURA_SRC(base)->priv;
  std::lock_guard<std::mutex> lock(priv->state_lock);
  priv->state.flushing = false;
  Run* run = priv->run.get();
  if (!run) return TRUE;
  if (run->reader) run->reader->reset_cancel();
  run->watcher.reset();  // a cancelled wait is started again with a new watcher
  if (run->client) run->client->reset_cancel();
  return TRUE;
}

// The Run, for the application threads that ask about it while stop() may
// take it away.
std::shared_ptr<Run> current_run(GstKalturaSrc* self) {
  std::lock_guard<std::mutex> lock(self->priv->state_lock);
  return self->priv->run;
}

// Unknown until the flavor is open (GstBaseSrc asks at start).
gboolean src_get_size(GstBaseSrc* base, guint64* size) {
  const std::shared_ptr<Run> run = current_run(GST_KALTURA_SRC(base));
  if (!run || run->opening != FlavorOpening::Open || run->size < 0) return FALSE;
  *size = static_cast<guint64>(run->size);
  return TRUE;
}

// typefind, reading in pull mode, asks the length in bytes before anything
// else: the flavor is opened for the answer, on that thread, which reads
// next. In push mode the streaming thread opens it before its first buffer,
// and a length asked meanwhile (from an application's thread) is unknown
// for now: the query does not do the network's work, or wait for it, as
// souphttpsrc's does not before its answer's headers. So it is while
// another thread opens it (a wait-ready of minutes), when asked from within
// the opening (a bus sync handler), before start() has made the client, and
// after it failed.
bool may_open_for_query(GstBaseSrc* base, const std::shared_ptr<Run>& run) {
  const bool started = GST_OBJECT_FLAG_IS_SET(base, GST_BASE_SRC_FLAG_STARTED);
  return started && run && run->client && run->opening != FlavorOpening::Opening &&
         GST_PAD_MODE(GST_BASE_SRC_PAD(base)) == GST_PAD_MODE_PULL;
}

gboolean src_query(GstBaseSrc* base, GstQuery* query) {
  auto* self = GST_KALTURA_SRC(base);
  if (GST_QUERY_TYPE(query) == GST_QUERY_DURATION) {
    const std::shared_ptr<Run> run = current_run(self);
    GstFormat format;
    gst_query_parse_duration(query, &format, nullptr);
    // Busy opening on another thread, or cancelled: unknown for now, as the
    // base class answers (typefind takes a failed query as fatal).
    if (format == GST_FORMAT_BYTES && may_open_for_query(base, run) &&
        ensure_flavor_open(self, *run, OpenWait::OpenIfFree) == GST_FLOW_ERROR)
      return FALSE;
  }
  if (!GST_BASE_SRC_CLASS(gst_kaltura_src_parent_class)->query(base, query)) return FALSE;
  if (GST_QUERY_TYPE(query) == GST_QUERY_SCHEDULING) {
    // Every read crosses the network: uridecodebin (playbin) then buffers
    // it as a stream (queue2, buffering messages), as it does souphttpsrc.
    GstSchedulingFlags flags;
    gint min_size, max_size, align;
    gst_query_parse_scheduling(query, &flags, &min_size, &max_size, &align);
    gst_query_set_scheduling(query, static_cast<GstSchedulingFlags>(flags | GST_SCHEDULING_FLAG_BANDWIDTH_LIMITED),
                             min_size, max_size, align);
  }
  return TRUE;
}

// Any byte offset can be read: a new Range request starts there.
gboolean src_is_seekable(GstBaseSrc*) { return TRUE; }

gboolean src_do_seek(GstBaseSrc* base, GstSegment* segment) {
  if (segment->format != GST_FORMAT_BYTES) return FALSE;
  // fill() gets the offset and moves the reader there itself.
  GST_DEBUG_OBJECT(base, "seek to byte %" G_GUINT64_FORMAT, segment->start);
  segment->position = segment->start;
  return TRUE;
}

// In push mode GstBaseSrc sends an event sent to it downstream after the
// segment, before the buffer being filled. In pull mode (a demuxer reading
// at its own pace) nothing goes downstream but what is pulled: the tags go
// to the application as a message.
void announce_entry_tags(GstKalturaSrc* self, GstTagList* tags) {
  // Also in push mode: a demuxer pushed to drops a tag event that comes
  // before it has pads, so the event alone may reach no one.
  if (GST_PAD_MODE(GST_BASE_SRC_PAD(self)) == GST_PAD_MODE_PUSH)
    // Straight to GstBaseSrc, which queues it: gst_element_send_event()
    // takes the state lock, which a state change stopping this thread holds.
    GST_ELEMENT_CLASS(gst_kaltura_src_parent_class)
        ->send_event(element_of(self), gst_event_new_tag(gst_tag_list_ref(tags)));
  gst_element_post_message(element_of(self), gst_message_new_tag(GST_OBJECT(self), tags));
}

GstFlowReturn src_fill(GstBaseSrc* base, guint64 offset, guint length, GstBuffer* buffer) {
  auto* self = GST_KALTURA_SRC(base);
  Private* priv = self->priv;
  Run& run = *priv->run;  // fill() runs between start() and stop()
  const GstFlowReturn opened = ensure_flavor_open(self, run);
  if (opened != GST_FLOW_OK) return opened;
  if (run.entry_tags) announce_entry_tags(self, run.entry_tags.release());
  GstMapInfo map;
  if (!gst_buffer_map(buffer, &map, GST_MAP_WRITE)) return GST_FLOW_ERROR;
  size_t count = 0;
  const uint64_t requests_before = run.reader->requests();
  try {
    count = run.reader->read(offset, map.data, std::min<size_t>(length, map.size));
  } catch (const Error& error) {
    gst_buffer_unmap(buffer, &map);
    if (error.kind() == ErrorKind::Cancelled) return GST_FLOW_FLUSHING;
    kaltura_post_error(element_of(self), error, "Reading the flavor at byte " + std::to_string(offset),
                       error_context(self, run), KalturaTransfer::Download, false);
    return GST_FLOW_ERROR;
  }
  gst_buffer_unmap(buffer, &map);
  GST_LOG_OBJECT(self, "%zu bytes at byte %" G_GUINT64_FORMAT, count, offset);
  if (run.reader->requests() != requests_before)
    GST_DEBUG_OBJECT(self,
                     "reading at byte %" G_GUINT64_FORMAT " took a new request (%" G_GUINT64_FORMAT
                     " so far, %" G_GUINT64_FORMAT " of them resuming after a failure)",
                     offset, run.reader->requests(), run.reader->resumes());
  if (count == 0) return GST_FLOW_EOS;
  gst_buffer_set_size(buffer, static_cast<gssize>(count));
  GST_BUFFER_OFFSET(buffer) = offset;
  GST_BUFFER_OFFSET_END(buffer) = offset + count;
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    priv->state.bytes_read += count;
  }
  return GST_FLOW_OK;
}

void src_finalize(GObject* object) {
  auto* self = GST_KALTURA_SRC(object);
  delete self->priv;
  G_OBJECT_CLASS(gst_kaltura_src_parent_class)->finalize(object);
}

// GstURIHandler

GstURIType uri_get_type(GType) { return GST_URI_SRC; }

gchar* uri_get_uri(GstURIHandler* handler) {
  auto* self = GST_KALTURA_SRC(handler);
  std::lock_guard<std::mutex> lock(self->priv->settings_lock);
  const Settings& settings = self->priv->settings;
  if (settings.entry_id.empty() && settings.flavor_asset_id.empty()) return nullptr;
  KalturaUri uri;
  uri.entry_id = settings.entry_id;
  if (settings.flavor_params_id != 0) uri.flavor_params_id = settings.flavor_params_id;
  uri.flavor_asset_id = settings.flavor_asset_id;
  // A service URL with a password stays out: a URI carries no credentials.
  if (!url_has_password(settings.connection.service_url)) uri.service_url = settings.connection.service_url;
  return g_strdup(kaltura_uri_format(uri).c_str());
}

gboolean uri_set_uri(GstURIHandler* handler, const gchar* text, GError** error) {
  auto* self = GST_KALTURA_SRC(handler);
  if (!kaltura_uri_may_change(GST_ELEMENT(self), error)) return FALSE;
  std::string reason;
  const auto uri = kaltura_uri_parse(text ? text : "", reason);
  if (!uri) {
    g_set_error(error, GST_URI_ERROR, GST_URI_ERROR_BAD_URI, "Invalid kaltura:// URI: %s", reason.c_str());
    return FALSE;
  }
  {
    std::lock_guard<std::mutex> lock(self->priv->settings_lock);
    Settings& settings = self->priv->settings;
    settings.entry_id = uri->entry_id;
    settings.flavor_params_id = uri->flavor_params_id.value_or(0);
    settings.flavor_asset_id = uri->flavor_asset_id;
    if (!uri->service_url.empty()) settings.connection.service_url = uri->service_url;
  }
  // As a location's set_uri does (filesrc notifies location); without our
  // lock, as handlers read the properties.
  GObject* object = G_OBJECT(self);
  g_object_freeze_notify(object);
  for (const char* name : {"entry-id", "flavor-params-id", "flavor-asset-id"}) g_object_notify(object, name);
  if (!uri->service_url.empty()) g_object_notify(object, "service-url");
  g_object_thaw_notify(object);
  return TRUE;
}

}  // namespace

static void uri_handler_init(gpointer iface, gpointer) {
  auto* handler = static_cast<GstURIHandlerInterface*>(iface);
  handler->get_type = uri_get_type;
  handler->get_protocols = kaltura_uri_protocols;
  handler->get_uri = uri_get_uri;
  handler->set_uri = uri_set_uri;
}

static void gst_kaltura_src_class_init(GstKalturaSrcClass* klass) {
  GST_DEBUG_CATEGORY_INIT(kaltura_src_debug, "kalturasrc", 0, "Kaltura source");
  auto* gobject_class = G_OBJECT_CLASS(klass);
  auto* element_class = GST_ELEMENT_CLASS(klass);
  auto* base_class = GST_BASE_SRC_CLASS(klass);
  gobject_class->set_property = set_property;
  gobject_class->get_property = get_property;
  gobject_class->finalize = src_finalize;

  const Settings defaults;
  g_object_class_install_property(gobject_class, PROP_ENTRY_ID,
      g_param_spec_string("entry-id", "Entry ID", "Entry to read (its source, or the flavor of flavor-params-id)",
                          nullptr, kKalturaSettingFlags));
  g_object_class_install_property(gobject_class, PROP_FLAVOR_PARAMS_ID,
      g_param_spec_int("flavor-params-id", "Flavor params ID",
                       "Flavor (rendition) of entry-id to read, by its flavor params id (0: the source, as "
                       "uploaded)", 0, G_MAXINT, defaults.flavor_params_id, kKalturaSettingFlags));
  g_object_class_install_property(gobject_class, PROP_FLAVOR_ASSET_ID,
      g_param_spec_string("flavor-asset-id", "Flavor asset ID",
                          "Flavor asset to read; takes the place of flavor-params-id (entry-id may then be unset)",
                          nullptr, kKalturaSettingFlags));
  g_object_class_install_property(
      gobject_class, PROP_WAIT_READY,
      g_param_spec_boolean("wait-ready", "Wait ready",
                           "Wait for the flavor to be READY before reading, posting kaltura-entry-status and "
                           "kaltura-flavor-status messages meanwhile (on the streaming thread: the pipeline "
                           "prerolls once it is); otherwise a flavor that is not READY is an error",
                           defaults.wait_ready, kKalturaSettingFlags));
  g_object_class_install_property(gobject_class, PROP_WAIT_TIMEOUT,
      g_param_spec_uint("wait-timeout", "Wait timeout", "Longest wait for wait-ready, in seconds (0: no limit)", 0,
                        G_MAXUINT, defaults.wait_timeout_seconds, kKalturaSettingFlags));
  g_object_class_install_property(gobject_class, PROP_STATS,
      g_param_spec_boxed("stats", "Statistics",
                         "Download statistics: bytes-read, requests (HTTP requests sent), resumes (requests "
                         "that continued after a failure), all guint64",
                         GST_TYPE_STRUCTURE, static_cast<GParamFlags>(G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)));
  kaltura_connection_install_properties(
      gobject_class, PROP_CONNECTION_FIRST,
      {"timeout", "Timeout of each HTTP request, in seconds: an API call without an answer, or a download that "
                  "stops sending, fails (and is retried) after this long"});

  gst_element_class_set_static_metadata(
      element_class, "Kaltura source", "Source/Network",
      "Reads an entry's content from Kaltura (the source or a flavor), with HTTP Range: seekable in bytes, "
      "resuming at the byte reached after network failures; handles kaltura://ENTRY_ID URIs",
      "gst-kaltura developers");
  gst_element_class_add_static_pad_template(element_class, &src_template);

  base_class->start = src_start;
  base_class->stop = src_stop;
  base_class->unlock = src_unlock;
  base_class->unlock_stop = src_unlock_stop;
  base_class->get_size = src_get_size;
  base_class->query = src_query;
  base_class->is_seekable = src_is_seekable;
  base_class->do_seek = src_do_seek;
  base_class->fill = src_fill;
}

static void gst_kaltura_src_init(GstKalturaSrc* self) {
  self->priv = new Private();
  gst_base_src_set_format(GST_BASE_SRC(self), GST_FORMAT_BYTES);
  gst_base_src_set_blocksize(GST_BASE_SRC(self), kDefaultBlocksize);
}
