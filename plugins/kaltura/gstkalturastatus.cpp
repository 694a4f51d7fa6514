// kalturastatus element code. A follower thread of the element's own runs
// EntryWatcher (polls at growing intervals): each status change becomes a
// kaltura-* bus message (kalturasink's builders, so the elements post the
// same messages) and a JSON line in a queue; create() hands the lines
// downstream in order, then EOS, or the element error the follow ended with.
//
// Threads: the application thread (properties, start, stop, unlock), the
// follower thread (network, messages), the streaming thread (create).
//
// Locks: settings_lock guards the properties, run_lock which Run is current
// (unlock() may come from a flushing seek on one thread while stop() ends
// the Run on another), Run::lock the line queue and the outcome. Lock order:
// settings_lock, run_lock, Run::lock; none is held across a network call or
// gst_element_post_message.
#include "gstkalturastatus.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "kaltura/client.h"
#include "kaltura/objects.h"
#include "kaltura/operations.h"
#include "kaltura/upload/entry_watcher.h"
#include "kaltura_connection.h"
#include "kaltura_element_errors.h"
#include "kaltura_entry_following.h"
#include "kaltura_messages.h"
#include "kaltura_property_state.h"
#include "kalturastatus_lines.h"
#include "string_property_table.h"

GST_DEBUG_CATEGORY_STATIC(kaltura_status_debug);
#define GST_CAT_DEFAULT kaltura_status_debug

namespace {

using kaltura::Error;
using kaltura::ErrorKind;
namespace messages = kaltura_messages;

enum class WaitFor { EntryReady = 1, AllFlavors = 2 };

// How long a stop waits for the cancelled follower thread (see end_run).
constexpr std::chrono::seconds kFollowerEndWait{5};

enum PropertyId : guint {
  PROP_0,
  PROP_ENTRY_ID,
  PROP_WAIT_FOR,
  PROP_WAIT_TIMEOUT,
  PROP_TIMEOUT,           // the former name of wait-timeout
  PROP_CONNECTION_FIRST,  // then kKalturaConnectionPropertyCount connection properties
};

struct Settings {
  KalturaConnectionSettings connection;
  std::string entry_id;
  WaitFor wait_for = WaitFor::EntryReady;
  unsigned timeout_seconds = 3600;
};

// What exists from start() to stop().
struct Run {
  Settings settings;
  std::vector<std::string> secrets;
  std::unique_ptr<kaltura::Client> client;
  std::unique_ptr<kaltura::upload::EntryWatcher> watcher;
  std::thread follower;

  std::mutex lock;
  std::condition_variable changed;
  std::deque<std::string> lines;     // not yet pushed downstream
  bool finished = false;             // the follow ended: with failure, or done
  std::optional<Error> failure;
  bool flushing = false;             // unlock() until unlock_stop()
  uint64_t offset = 0;               // bytes pushed so far
};

struct Private {
  std::mutex settings_lock;
  Settings settings;
  std::mutex run_lock;  // guards which Run is current, not its contents
  std::shared_ptr<Run> run;  // shared with its follower thread
};

GType wait_for_enum() {
  static GType type = 0;
  static const GEnumValue values[] = {
      {static_cast<int>(WaitFor::EntryReady), "EOS once the entry is READY", "entry-ready"},
      {static_cast<int>(WaitFor::AllFlavors),
       "EOS once the entry is READY and every flavor is done; a flavor in ERROR is an error", "all-flavors"},
      {0, nullptr, nullptr},
  };
  if (g_once_init_enter(&type))
    g_once_init_leave(&type, g_enum_register_static("GstKalturaStatusWaitFor", values));
  return type;
}

}  // namespace

struct _GstKalturaStatus {
  GstBaseSrc parent;
  Private* priv;
};

G_DEFINE_TYPE(GstKalturaStatus, gst_kaltura_status, GST_TYPE_BASE_SRC)
GST_ELEMENT_REGISTER_DEFINE(kalturastatus, "kalturastatus", GST_RANK_NONE, GST_TYPE_KALTURA_STATUS)

static GstStaticPadTemplate src_template =
    GST_STATIC_PAD_TEMPLATE("src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS("application/x-json"));

namespace {

GstElement* element_of(GstKalturaStatus* self) { return GST_ELEMENT(self); }

void set_setting(GstKalturaStatus* self, guint property_id, const GValue* value, GParamSpec* pspec) {
  std::lock_guard<std::mutex> lock(self->priv->settings_lock);
  Settings& settings = self->priv->settings;
  if (kaltura_connection_set(settings.connection, PROP_CONNECTION_FIRST, property_id, value)) return;
  switch (property_id) {
    case PROP_ENTRY_ID: {
      const char* text = g_value_get_string(value);
      settings.entry_id = text ? text : "";
      break;
    }
    case PROP_WAIT_FOR: settings.wait_for = static_cast<WaitFor>(g_value_get_enum(value)); break;
    case PROP_WAIT_TIMEOUT:
    case PROP_TIMEOUT:
      settings.timeout_seconds = g_value_get_uint(value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID(G_OBJECT(self), property_id, pspec);
      break;
  }
}

void set_property(GObject* object, guint property_id, const GValue* value, GParamSpec* pspec) {
  if (!kaltura_property_may_change(GST_ELEMENT(object), pspec)) return;
  set_setting(GST_KALTURA_STATUS(object), property_id, value, pspec);
  // One value under two names: the other changed too (notified without
  // settings_lock, as a handler may read it).
  if (property_id == PROP_TIMEOUT || property_id == PROP_WAIT_TIMEOUT)
    g_object_notify(object, property_id == PROP_TIMEOUT ? "wait-timeout" : "timeout");
}

void get_property(GObject* object, guint property_id, GValue* value, GParamSpec* pspec) {
  auto* self = GST_KALTURA_STATUS(object);
  std::lock_guard<std::mutex> lock(self->priv->settings_lock);
  const Settings& settings = self->priv->settings;
  if (kaltura_connection_get(settings.connection, PROP_CONNECTION_FIRST, property_id, value)) return;
  switch (property_id) {
    case PROP_ENTRY_ID: g_value_set_string(value, settings.entry_id.empty() ? nullptr : settings.entry_id.c_str()); break;
    case PROP_WAIT_FOR: g_value_set_enum(value, static_cast<int>(settings.wait_for)); break;
    case PROP_WAIT_TIMEOUT:
    case PROP_TIMEOUT: g_value_set_uint(value, settings.timeout_seconds); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID(object, property_id, pspec); break;
  }
}

// Posts the message and queues its JSON line, in that order for every change.
void announce(GstKalturaStatus* self, Run& run, GstMessage* message) {
  std::string line = kaltura_status_line(gst_message_get_structure(message));
  gst_element_post_message(element_of(self), message);
  {
    std::lock_guard<std::mutex> lock(run.lock);
    run.lines.push_back(std::move(line));
  }
  run.changed.notify_all();
}

void finish(Run& run, std::optional<Error> failure) {
  {
    std::lock_guard<std::mutex> lock(run.lock);
    run.finished = true;
    run.failure = std::move(failure);
  }
  run.changed.notify_all();
}

void follow(GstKalturaStatus* self, Run& run) {
  try {
    // The first poll starts the session, within wait-timeout.
    const kaltura::Entry entry =
        kaltura_wait_for_entry(*run.watcher, *run.client, run.settings.entry_id, kaltura::upload::WaitGoal::AllFlavors,
                               std::chrono::seconds(run.settings.timeout_seconds));
    announce(self, run, messages::entry_ready(element_of(self), entry));
    finish(run, std::nullopt);
  } catch (const Error& error) {
    finish(run, error);
  } catch (const std::exception& error) {
    // Out of memory or threads: an exception must not leave this thread.
    finish(run, Error(kaltura::ErrorKind::Protocol, "INTERNAL_ERROR", error.what()));
  }
}

kaltura::upload::EntryWatcherCallbacks watcher_callbacks(GstKalturaStatus* self, Run& run) {
  auto callbacks = kaltura_following_callbacks(
      element_of(self), [self, &run](GstMessage* message) { announce(self, run, message); },
      [&run](const kaltura::FlavorAsset&) { return run.settings.wait_for == WaitFor::AllFlavors; });
  // With wait-for=entry-ready, flavors are followed (and reported) only
  // until the entry is READY.
  callbacks.done_early = [&run](const kaltura::Entry& entry) {
    return run.settings.wait_for == WaitFor::EntryReady && entry.status == static_cast<int>(kaltura::EntryStatus::Ready);
  };
  return callbacks;
}

KalturaErrorContext error_context(const Run& run) {
  KalturaErrorContext context;
  context.entry_id = run.settings.entry_id;
  context.secrets = kaltura_run_secrets(run.secrets, run.client.get());
  return context;
}

gboolean status_start(GstBaseSrc* base) {
  auto* self = GST_KALTURA_STATUS(base);
  Private* priv = self->priv;
  auto run = std::make_shared<Run>();
  {
    std::lock_guard<std::mutex> lock(priv->settings_lock);
    run->settings = priv->settings;
  }
  const kaltura::Credentials credentials = run->settings.connection.credentials();
  run->secrets = run->settings.connection.secrets();
  if (run->settings.entry_id.empty()) {
    kaltura_post_message(element_of(self), GST_MESSAGE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
                         "Nothing to follow: set entry-id", "", error_context(*run));
    return FALSE;
  }
  if (!credentials.usable()) {
    kaltura_post_message(element_of(self), GST_MESSAGE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
                         credentials.what_is_missing(), "", error_context(*run));
    return FALSE;
  }
  try {
    // Retries get their JSON lines too. The Run outlives its client.
    auto announce_retry = [self, owner = run.get()](GstMessage* message) { announce(self, *owner, message); };
    run->client = std::make_unique<kaltura::Client>(
        run->settings.connection.client_config_posting_retries(GST_ELEMENT(self), run->secrets, announce_retry),
        credentials);
  } catch (const Error& error) {
    kaltura_post_error(element_of(self), error, "Setting up the Kaltura client", error_context(*run),
                       KalturaTransfer::Download, true);
    return FALSE;
  }
  Run& current = *run;
  current.watcher = std::make_unique<kaltura::upload::EntryWatcher>(*current.client, current.settings.entry_id,
                                                                    watcher_callbacks(self, current));
  // The thread holds the element and the Run until it ends: stop() cannot
  // wait for it when called on it (see status_stop).
  current.follower = std::thread([owner = GST_KALTURA_STATUS(gst_object_ref(self)), run] {
    follow(owner, *run);
    gst_object_unref(owner);
  });
  std::lock_guard<std::mutex> lock(priv->run_lock);
  priv->run = std::move(run);
  return TRUE;
}

// Cancels the follow and waits for its thread, unless this is that thread:
// stopped from one of its own messages (a bus sync handler), or finalized
// as the thread lets the element go. Cancelled, it ends on its own.
void end_run(const std::shared_ptr<Run>& run) {
  run->watcher->cancel();
  run->client->cancel_all();
  if (run->follower.get_id() == std::this_thread::get_id()) {
    run->follower.detach();
    return;
  }
  if (!run->follower.joinable()) return;
  // Cancelled, the follow ends at once, unless its thread is held by
  // something else than ours: a bus sync handler of one of its messages
  // changing the pipeline's state, which waits for the state change that
  // called here. It is not waited for then: it ends on its own, and holds
  // what it uses (the element, the Run).
  bool ended = false;
  {
    std::unique_lock<std::mutex> lock(run->lock);
    ended = run->changed.wait_for(lock, kFollowerEndWait, [&] { return run->finished; });
  }
  if (ended)
    run->follower.join();
  else
    run->follower.detach();
}

gboolean status_stop(GstBaseSrc* base) {
  auto* self = GST_KALTURA_STATUS(base);
  std::shared_ptr<Run> run;
  {
    std::lock_guard<std::mutex> lock(self->priv->run_lock);
    run = std::move(self->priv->run);
  }
  if (run) end_run(run);
  return TRUE;
}

// Sets the current Run's flushing flag, if there is a Run.
void set_flushing(GstKalturaStatus* self, bool flushing) {
  std::lock_guard<std::mutex> run_lock(self->priv->run_lock);
  Run* run = self->priv->run.get();
  if (!run) return;
  {
    std::lock_guard<std::mutex> lock(run->lock);
    run->flushing = flushing;
  }
  run->changed.notify_all();
}

gboolean status_unlock(GstBaseSrc* base) {
  set_flushing(GST_KALTURA_STATUS(base), true);
  return TRUE;
}

gboolean status_unlock_stop(GstBaseSrc* base) {
  set_flushing(GST_KALTURA_STATUS(base), false);
  return TRUE;
}

GstFlowReturn status_create(GstBaseSrc* base, guint64, guint, GstBuffer** buffer) {
  auto* self = GST_KALTURA_STATUS(base);
  // Without run_lock: GstBaseSrc runs create() only between start() and
  // stop(), and stops the streaming thread before stop() ends the Run.
  Run& run = *self->priv->run;
  std::unique_lock<std::mutex> lock(run.lock);
  run.changed.wait(lock, [&] { return run.flushing || !run.lines.empty() || run.finished; });
  if (run.flushing) return GST_FLOW_FLUSHING;
  if (!run.lines.empty()) {
    const std::string line = std::move(run.lines.front());
    run.lines.pop_front();
    *buffer = gst_buffer_new_memdup(line.data(), line.size());
    GST_BUFFER_OFFSET(*buffer) = run.offset;
    run.offset += line.size();
    GST_BUFFER_OFFSET_END(*buffer) = run.offset;
    return GST_FLOW_OK;
  }
  if (!run.failure) return GST_FLOW_EOS;
  const Error failure = *run.failure;
  lock.unlock();
  if (failure.kind() == ErrorKind::Cancelled) return GST_FLOW_FLUSHING;
  const char* doing = failure.is_api("ENTRY_PROCESSING_FAILED")    ? "Processing of the entry"
                      : failure.is_api("FLAVOR_PROCESSING_FAILED") ? "Processing of a flavor"
                      : kaltura_is_wait_timeout(failure)           ? "Waiting for the entry"
                                                                   : "Following the entry";
  kaltura_post_error(element_of(self), failure, doing, error_context(run), KalturaTransfer::Download, false);
  return GST_FLOW_ERROR;
}

void status_finalize(GObject* object) {
  auto* self = GST_KALTURA_STATUS(object);
  // Let go without a stop (GStreamer warns of an element disposed while
  // playing). The follower holds the element while it runs, so its follow
  // has ended by now: this is the thread letting the element go, or its
  // thread is done and only needs joining.
  if (self->priv->run) end_run(self->priv->run);
  delete self->priv;
  G_OBJECT_CLASS(gst_kaltura_status_parent_class)->finalize(object);
}

}  // namespace

static void gst_kaltura_status_class_init(GstKalturaStatusClass* klass) {
  GST_DEBUG_CATEGORY_INIT(kaltura_status_debug, "kalturastatus", 0, "Kaltura entry status");
  auto* gobject_class = G_OBJECT_CLASS(klass);
  auto* element_class = GST_ELEMENT_CLASS(klass);
  auto* base_class = GST_BASE_SRC_CLASS(klass);
  gobject_class->set_property = set_property;
  gobject_class->get_property = get_property;
  gobject_class->finalize = status_finalize;

  const Settings defaults;
  g_object_class_install_property(gobject_class, PROP_ENTRY_ID,
      g_param_spec_string("entry-id", "Entry ID", "Entry to follow", nullptr, kKalturaSettingFlags));
  g_object_class_install_property(gobject_class, PROP_WAIT_FOR,
      g_param_spec_enum("wait-for", "Wait for", "When the follow is done and EOS goes out", wait_for_enum(),
                        static_cast<int>(defaults.wait_for), kKalturaSettingFlags));
  g_object_class_install_property(
      gobject_class, PROP_WAIT_TIMEOUT,
      g_param_spec_uint("wait-timeout", "Wait timeout",
                        "Longest follow, in seconds, before an element error (0: no limit). Polls start 250 ms "
                        "apart and grow to 10 s",
                        0, G_MAXUINT, defaults.timeout_seconds, kKalturaSettingFlags));
  // kalturasink and kalturasrc name their per-request timeout "timeout" and
  // their follow's limit "wait-timeout": this one keeps its first name too.
  g_object_class_install_property(
      gobject_class, PROP_TIMEOUT,
      g_param_spec_uint("timeout", "Timeout", "Deprecated: the same as wait-timeout", 0, G_MAXUINT,
                        defaults.timeout_seconds, static_cast<GParamFlags>(kKalturaSettingFlags | G_PARAM_DEPRECATED)));
  kaltura_connection_install_properties(
      gobject_class, PROP_CONNECTION_FIRST,
      {"request-timeout", "Timeout of each HTTP request, in seconds: an API call without an answer fails (and is "
                          "retried) after this long"});

  gst_element_class_set_static_metadata(
      element_class, "Kaltura entry status", "Source/Network",
      "Follows a Kaltura entry and its flavors until READY: posts kaltura-entry-status, kaltura-flavor-status, "
      "kaltura-flavor-ready and kaltura-entry-ready messages and outputs one JSON line per change "
      "(application/x-json); EOS when done, an element error when processing fails or takes too long",
      "gst-kaltura developers");
  gst_element_class_add_static_pad_template(element_class, &src_template);

  base_class->start = status_start;
  base_class->stop = status_stop;
  base_class->unlock = status_unlock;
  base_class->unlock_stop = status_unlock_stop;
  base_class->create = status_create;
}

static void gst_kaltura_status_init(GstKalturaStatus* self) {
  self->priv = new Private();
  // Not live: the first line (the entry's first status) prerolls the pipeline.
  gst_base_src_set_live(GST_BASE_SRC(self), FALSE);
  gst_base_src_set_format(GST_BASE_SRC(self), GST_FORMAT_BYTES);
}
