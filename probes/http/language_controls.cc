#include "probes/http/language_controls.h"

#include <nlohmann/json.hpp>

namespace pooltest {
namespace {

// How switchers name the UI languages, lower case, without surrounding
// punctuation or flags: the language's own name, short forms, codes (KZ is
// the country code many Kazakh switchers show), and the English and Russian
// names. Matched against a whole label, never inside running text.
nlohmann::json Labels() {
  return {{"kk",
           {"қазақша", "қазақ тілі", "қазақ", "қаз", "kk", "kz", "kaz", "kazakh", "qazaqsha",
            "qazaq", "казахский", "қазақ тілінде"}},
          {"ru", {"русский", "русский язык", "рус", "ru", "rus", "russian", "орысша", "орыс тілі"}},
          {"en", {"english", "eng", "en", "ағылшынша", "английский", "англ"}}};
}

// function(labels, from) -> [{lang, el, opt, control, score}], the best
// control per language other than `from`. Walks at most 20000 elements, so
// a huge page costs a bounded time. A higher score is a more likely
// control: an <option> of a live <select>, then anything interactive
// (button, handler, role, tabindex), then a bare leaf naming the language.
constexpr const char* kFinder = R"JS(function(L,from){
var best={},n=0,e,w=document.createTreeWalker(document.documentElement,1);
function norm(s){return String(s==null?'':s).replace(/\s+/g,' ').trim().toLowerCase()
 .replace(/^[^\p{L}]+|[^\p{L}]+$/gu,'');}
function which(s,code){s=norm(s);if(!s||s.length>32)return '';if(code)s=s.split(/[-_ ]/)[0];
 for(var l in L)if(l!==from&&L[l].indexOf(s)>=0)return l;return '';}
while((e=w.nextNode())&&n++<20000){
 var t=e.tagName.toLowerCase();
 if(t==='script'||t==='style'||t==='template'||t==='head')continue;
 if(t==='a'){var h=(e.getAttribute('href')||'').trim();
  if(h&&h[0]!=='#'&&!/^javascript:/i.test(h))continue;}
 if(e.closest('form[action]'))continue;
 var opt=t==='option',sel=opt?e.closest('select'):null;
 if(opt&&(!sel||sel.disabled||e.disabled))continue;
 var act=opt||t==='button'||t==='a'||t==='input'||e.hasAttribute('onclick')||
  e.hasAttribute('tabindex')||/^(button|menuitem|menuitemradio|option|tab|link|radio)$/
  .test(e.getAttribute('role')||'');
 if(!act&&e.children.length>0)continue;
 var text=(e.textContent||'');if(text.length>64)text='';
 var l=which(text)||which(e.getAttribute('aria-label'))||which(e.getAttribute('title'))||
  ((opt||t==='input')?which(e.value,1):'')||(act?which(e.getAttribute('data-lang'),1):'');
 if(!l)continue;
 var score=opt?3:act?2:1;
 if(best[l]&&best[l].score>=score)continue;
 var label=norm(text)?text.replace(/\s+/g,' ').trim():(e.getAttribute('aria-label')||
  e.getAttribute('title')||e.value||'');
 best[l]={lang:l,el:e,opt:opt,score:score,action:opt?'select':'click',
  control:'<'+t+'> "'+String(label).slice(0,40)+'"'+(opt?' (value '+String(e.value).slice(0,20)+
  ') of a <select>':'')};}
var out=[];for(var k in best)out.push(best[k]);return out;})JS";

std::string Call(const std::string& from) {
  return "(" + std::string(kFinder) + ")(" + Labels().dump() + "," + nlohmann::json(from).dump() +
         ")";
}

}  // namespace

std::string FindControlsScript(const std::string& from) {
  return "(function(){return " + Call(from) +
         ".map(function(c){return {lang:c.lang,control:c.control,action:c.action};});})()";
}

std::string ActivateControlScript(const std::string& from, const std::string& lang, int quiet_ms,
                                  int cap_ms) {
  // The observer is in place before the control acts, so a change made
  // synchronously by its handler is seen too. select.value is a property,
  // not a mutation: only what the page's handler does counts as a change.
  return "(function(){var c=" + Call(from) +
         ".filter(function(x){return x.lang===" + nlohmann::json(lang).dump() +
         ";})[0];if(!c)return {found:false,changed:false};"
         "var p=new Promise(function(done){var last=0,start=performance.now(),quiet=" +
         std::to_string(quiet_ms) + ",cap=" + std::to_string(cap_ms) +
         ";var mo=new MutationObserver(function(){last=performance.now();});"
         "mo.observe(document,{subtree:true,childList:true,attributes:true,characterData:true});"
         "(function tick(){var now=performance.now();"
         "if((last&&now-last>=quiet)||now-start>=cap){mo.disconnect();"
         "done({found:true,changed:last>0});}else setTimeout(tick,50);})();});"
         "var e=c.el;if(c.opt){var s=e.closest('select');s.value=e.value;"
         "s.dispatchEvent(new Event('input',{bubbles:true}));"
         "s.dispatchEvent(new Event('change',{bubbles:true}));}else e.click();"
         "return p;})()";
}

std::string ReadPageScript(size_t max_dom) {
  return "(function(){var nav=performance.getEntriesByType('navigation')[0]||{};"
         "var r={href:location.href,origin:performance.timeOrigin,"
         "status:nav.responseStatus||0};"
         "var d=(document.doctype?new XMLSerializer().serializeToString(document.doctype)+'\\n':'')"
         "+document.documentElement.outerHTML;if(d.length>" +
         std::to_string(max_dom) + ")r.too_large=d.length;else r.dom=d;return r;})()";
}

}  // namespace pooltest
