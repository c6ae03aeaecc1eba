"""Interactive demos (ipywidgets), one module per chapter.

Each public function named ``*_demo`` returns an ``ipywidgets.interactive`` whose
callback draws a figure from the knob the section is about; the same drawing function
produces the static sweep that the rendered book shows. Tests discover every ``*_demo``
here and drive its callback headless. ipywidgets and matplotlib are imported lazily.
"""
