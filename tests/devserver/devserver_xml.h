// Reading format=2 answers in the devserver tests: the body parsed with
// GLib's GMarkup into a small element tree, and the checks that an XML result
// says what the same call's JSON result says (protocol §3.5).
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include <memory>
#include <string>
#include <vector>

#include "devserver_api.h"

namespace devserver_test {

struct XmlElement {
  std::string name;
  std::string text;  // the character data directly inside, entities decoded
  std::vector<std::unique_ptr<XmlElement>> children;

  // The first child of that name; nullptr when there is none.
  const XmlElement* child(const std::string& child_name) const {
    for (const auto& element : children)
      if (element->name == child_name) return element.get();
    return nullptr;
  }
  // The first child of that name; aborts the test when there is none.
  const XmlElement& at(const std::string& child_name) const {
    const XmlElement* found = child(child_name);
    if (!found) g_error("<%s> has no <%s>", name.c_str(), child_name.c_str());
    return *found;
  }
  std::vector<std::string> child_names() const {
    std::vector<std::string> names;
    for (const auto& element : children) names.push_back(element->name);
    return names;
  }
};

// A whole answer: <xml><result>…</result><executionTime>…</executionTime></xml>.
// Aborts the test when the body is not well-formed XML, when the envelope is
// not that one, or when an element mixes children and text (whitespace
// included: the official clients take every child node for an element).
class XmlAnswer {
 public:
  explicit XmlAnswer(const std::string& body) {
    static const GMarkupParser parser = {on_start, on_end, on_text, nullptr, nullptr};
    g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new(&parser, G_MARKUP_DEFAULT_FLAGS, this, nullptr);
    g_autoptr(GError) error = nullptr;
    if (!g_markup_parse_context_parse(context, body.data(), static_cast<gssize>(body.size()), &error) ||
        !g_markup_parse_context_end_parse(context, &error))
      g_error("response is not XML (%s): %.300s", error->message, body.c_str());
    if (!g_str_has_prefix(body.c_str(), "<?xml version=\"1.0\" encoding=\"utf-8\"?><xml><result>"))
      g_error("not Kaltura's XML envelope: %.300s", body.c_str());
    if (!root_ || root_->name != "xml" || root_->child_names() != std::vector<std::string>{"result", "executionTime"})
      g_error("not Kaltura's XML envelope: %.300s", body.c_str());
  }

  const XmlElement& result() const { return root_->at("result"); }
  double execution_time() const {
    const std::string& text = root_->at("executionTime").text;
    char* end = nullptr;
    double seconds = g_ascii_strtod(text.c_str(), &end);
    if (text.empty() || *end) g_error("executionTime is not a number: %s", text.c_str());
    return seconds;
  }
  // The error's code when the result is an error, "" otherwise.
  std::string error_code() const {
    const XmlElement* error = result().child("error");
    const XmlElement* code = error ? error->child("code") : nullptr;
    return code ? code->text : "";
  }

 private:
  static void on_start(GMarkupParseContext*, const char* name, const char**, const char**, gpointer self, GError**) {
    auto* me = static_cast<XmlAnswer*>(self);
    auto element = std::make_unique<XmlElement>();
    element->name = name;
    XmlElement* raw = element.get();
    if (me->open_.empty())
      me->root_ = std::move(element);
    else
      me->open_.back()->children.push_back(std::move(element));
    me->open_.push_back(raw);
  }
  static void on_end(GMarkupParseContext*, const char*, gpointer self, GError**) {
    auto* me = static_cast<XmlAnswer*>(self);
    XmlElement* closed = me->open_.back();
    if (!closed->children.empty() && !closed->text.empty())
      g_error("<%s> mixes elements and text \"%s\"", closed->name.c_str(), closed->text.c_str());
    me->open_.pop_back();
  }
  static void on_text(GMarkupParseContext*, const char* text, gsize length, gpointer self, GError**) {
    auto* me = static_cast<XmlAnswer*>(self);
    if (me->open_.empty()) {
      if (length) g_error("text outside the document element");
      return;
    }
    me->open_.back()->text.append(text, length);
  }

  std::unique_ptr<XmlElement> root_;
  std::vector<XmlElement*> open_;
};

// Aborts unless xml (an element of a result) holds what json holds:
// - null: an empty element;
// - a string, number or boolean: the text (booleans 1 and 0);
// - an array: one <item> per element, in order;
// - a KalturaAPIException: <error> with objectType, code, message and args
//   (each argument an <item> of KalturaApiExceptionArg name and value);
// - an object: <objectType> first, then its other properties in order.
inline void expect_same_value(const XmlElement& xml, JsonNode* json, const std::string& where) {
  auto fail = [&](const std::string& what) { g_error("%s: %s", where.c_str(), what.c_str()); };
  auto expect_text = [&](const std::string& text) {
    if (!xml.children.empty()) fail("elements where text was expected");
    if (xml.text != text) fail("\"" + xml.text + "\" instead of \"" + text + "\"");
  };
  if (!json || JSON_NODE_HOLDS_NULL(json)) {
    expect_text("");
    return;
  }
  if (JSON_NODE_HOLDS_VALUE(json)) {
    switch (json_node_get_value_type(json)) {
      case G_TYPE_STRING:
        expect_text(json_node_get_string(json));
        break;
      case G_TYPE_BOOLEAN:
        expect_text(json_node_get_boolean(json) ? "1" : "0");
        break;
      case G_TYPE_DOUBLE:
        if (!xml.children.empty() || g_ascii_strtod(xml.text.c_str(), nullptr) != json_node_get_double(json))
          fail("\"" + xml.text + "\" is not " + std::to_string(json_node_get_double(json)));
        break;
      default:
        expect_text(std::to_string(json_node_get_int(json)));
    }
    return;
  }
  if (JSON_NODE_HOLDS_ARRAY(json)) {
    JsonArray* array = json_node_get_array(json);
    if (!xml.text.empty()) fail("text where items were expected");
    if (xml.children.size() != json_array_get_length(array))
      fail(std::to_string(xml.children.size()) + " items instead of " + std::to_string(json_array_get_length(array)));
    for (guint i = 0; i < json_array_get_length(array); ++i) {
      if (xml.children[i]->name != "item") fail("<" + xml.children[i]->name + "> instead of <item>");
      expect_same_value(*xml.children[i], json_array_get_element(array, i), where + "." + std::to_string(i));
    }
    return;
  }
  JsonObject* object = json_node_get_object(json);
  const char* type = json_object_get_string_member_with_default(object, "objectType", "");
  if (g_strcmp0(type, "KalturaAPIException") == 0) {
    if (xml.child_names() != std::vector<std::string>{"error"}) fail("not an <error>");
    const XmlElement& error = xml.at("error");
    if (error.child_names() != std::vector<std::string>{"objectType", "code", "message", "args"})
      fail("the error's elements are not objectType, code, message, args");
    ASSERT_STR(error.at("objectType").text, "KalturaAPIException");
    ASSERT_STR(error.at("code").text, json_object_get_string_member(object, "code"));
    ASSERT_STR(error.at("message").text, json_object_get_string_member(object, "message"));
    const XmlElement& args = error.at("args");
    JsonNode* json_args = json_object_get_member(object, "args");
    std::vector<std::string> names;
    if (JSON_NODE_HOLDS_OBJECT(json_args)) {
      g_autoptr(GList) members = json_object_get_members(json_node_get_object(json_args));
      for (GList* item = members; item; item = item->next) names.push_back(static_cast<const char*>(item->data));
    } else if (json_array_get_length(json_node_get_array(json_args)) != 0) {
      fail("JSON args neither an object nor []");
    }
    if (args.children.size() != names.size()) fail("the error's args are not the JSON ones");
    for (size_t i = 0; i < names.size(); ++i) {
      const XmlElement& arg = *args.children[i];
      if (arg.name != "item" || arg.child_names() != std::vector<std::string>{"objectType", "name", "value"})
        fail("an argument is not <item><objectType/><name/><value/></item>");
      ASSERT_STR(arg.at("objectType").text, "KalturaApiExceptionArg");
      ASSERT_STR(arg.at("name").text, names[i]);
      ASSERT_STR(arg.at("value").text,
                 json_object_get_string_member(json_node_get_object(json_args), names[i].c_str()));
    }
    return;
  }
  if (!*type) fail("a JSON object without objectType");
  if (!xml.text.empty()) fail("text where properties were expected");
  std::vector<std::string> names = {"objectType"};
  g_autoptr(GList) members = json_object_get_members(object);
  for (GList* item = members; item; item = item->next)
    if (g_strcmp0(static_cast<const char*>(item->data), "objectType") != 0)
      names.push_back(static_cast<const char*>(item->data));
  if (xml.child_names() != names) {
    std::string got;
    for (const auto& name : xml.child_names()) got += name + " ";
    fail("properties " + got + "differ from the JSON ones");
  }
  ASSERT_STR(xml.children[0]->text, type);
  for (size_t i = 1; i < names.size(); ++i)
    expect_same_value(*xml.children[i], json_object_get_member(object, names[i].c_str()), where + "." + names[i]);
}

// The whole XML answer against the JSON answer of the same call.
inline void expect_same_answer(const HttpResponse& xml, const HttpResponse& json) {
  g_assert_cmpint(xml.status, ==, 200);
  ASSERT_STR(xml.headers.at("content-type"), "text/xml");
  ASSERT_STR(json.headers.at("content-type"), "application/json");
  XmlAnswer answer(xml.body);
  g_assert_cmpfloat(answer.execution_time(), >=, 0.0);
  Json parsed(json.body);
  expect_same_value(answer.result(), parsed.root(), "result");
}

}  // namespace devserver_test
