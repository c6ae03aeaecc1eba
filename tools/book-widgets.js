/* Glue between the book and @jupyter-widgets/html-manager, loaded after require.js and
 * before embed-amd.js on pages that save widget state (see _config.yml, nb_ipywidgets_js).
 * tools/vendor_js.py copies it to _static/widgets/. */
(function () {
  // The bundle's fonts and chunks are fetched relative to the module's URL, which
  // require.js would put under the page's folder: map the module to this folder instead.
  var here = document.currentScript.src.replace(/[?#].*$/, "").replace(/\/[^\/]*$/, "");
  require.config({paths: {"@jupyter-widgets/html-manager/dist": here}});

  // The bundle typesets widget labels with MathJax 2's API (MathJax.Hub.Queue); the book
  // serves MathJax 3. Translate the one call it makes.
  function installHub() {
    var mj = window.MathJax;
    if (mj && !mj.Hub) {
      mj.Hub = {
        Queue: function (job) {
          if (job && job[0] === "Typeset" && mj.typesetPromise) {
            mj.typesetPromise([job[2]]).catch(function () {});
          }
        }
      };
    }
  }
  document.addEventListener("DOMContentLoaded", installHub);
  window.addEventListener("load", installHub);
})();
